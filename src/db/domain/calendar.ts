// Local calendar weeks as UTC instants, for any time zone: the dashboard counts per week as the
// user lives them (Monday 00:00 where they are), across a year's end and a clock change, while
// the database keeps UTC. Pure: Intl does the zone arithmetic.

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(timeZone: string, ms: number) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
  return { y: p.year, m: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +7,200,000). */
function offsetAt(timeZone: string, ms: number): number {
  const p = partsIn(timeZone, ms);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

/** The UTC instant of local midnight starting a calendar day (a day that starts twice or not at all: its first moment). */
export function localMidnight(timeZone: string, y: number, m: number, d: number): number {
  const wall = Date.UTC(y, m - 1, d);
  let t = wall - offsetAt(timeZone, wall);
  const again = wall - offsetAt(timeZone, t);
  if (again !== t) t = Math.min(t, again);
  return t;
}

/** An instant as SQLite writes times: 'YYYY-MM-DD HH:MM:SS', UTC. */
export const sqliteUtc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** The local calendar day of an instant, 'YYYY-MM-DD'. */
export function localDay(timeZone: string, ms: number): string {
  const p = partsIn(timeZone, ms);
  return `${String(p.y).padStart(4, '0')}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

export interface Week {
  /** Its Monday, local: 'YYYY-MM-DD'. */
  label: string;
  /** When it starts, UTC as SQLite writes it. */
  start: string;
}

/** The weeks (Monday to Monday, local) that hold any part of [fromMs, toMs), oldest first, and when the last one ends. */
export function localWeeks(timeZone: string, fromMs: number, toMs: number): { weeks: Week[]; end: string } {
  const first = partsIn(timeZone, fromMs);
  const weekday = (new Date(Date.UTC(first.y, first.m - 1, first.d)).getUTCDay() + 6) % 7; // Monday 0
  let day = Date.UTC(first.y, first.m - 1, first.d - weekday);
  const weeks: Week[] = [];
  for (;;) {
    const c = new Date(day);
    const start = localMidnight(timeZone, c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate());
    if (start >= toMs && weeks.length > 0) return { weeks, end: sqliteUtc(start) };
    weeks.push({ label: c.toISOString().slice(0, 10), start: sqliteUtc(start) });
    day += 7 * 86_400_000;
  }
}

/** The user's own time zone. */
export const ownTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
