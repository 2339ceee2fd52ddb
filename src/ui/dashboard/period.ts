// The dashboard's periods, as local days (the worker turns them into UTC in the user's zone).
import { localDay } from '../../db/domain/calendar.ts';

export const PERIODS = {
  '4w': 'Last 4 weeks',
  '12w': 'Last 12 weeks',
  '26w': 'Last 6 months',
  '52w': 'Last 12 months',
  year: 'This year',
  all: 'All time',
} as const;
export type PeriodKind = keyof typeof PERIODS;

const shift = (day: string, days: number) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

/** From (null: since the first proposal sent) and to, both included, ending today. */
export function periodDays(kind: PeriodKind, timeZone: string, now = Date.now()): { fromDay: string | null; toDay: string } {
  const toDay = localDay(timeZone, now);
  if (kind === 'all') return { fromDay: null, toDay };
  if (kind === 'year') return { fromDay: `${toDay.slice(0, 4)}-01-01`, toDay };
  return { fromDay: shift(toDay, -7 * Number(kind.slice(0, -1)) + 1), toDay };
}

export const isPeriod = (v: unknown): v is PeriodKind => typeof v === 'string' && Object.hasOwn(PERIODS, v);
