import { describe, expect, it } from 'vitest';
import { localDay, localMidnight, localWeeks, sqliteUtc } from './calendar.ts';

describe('local weeks', () => {
  it('start at local Monday midnight, across the year’s end and the spring clock change (Berlin)', () => {
    const { weeks, end } = localWeeks('Europe/Berlin', Date.UTC(2025, 11, 31, 12), Date.UTC(2026, 2, 31));
    expect(weeks[0]).toEqual({ label: '2025-12-29', start: '2025-12-28 23:00:00' });
    expect(weeks[1]).toEqual({ label: '2026-01-05', start: '2026-01-04 23:00:00' });
    // 2026-03-29 at 02:00 the clocks go forward: the week of the 30th starts an hour earlier in UTC.
    expect(weeks.at(-2)).toEqual({ label: '2026-03-23', start: '2026-03-22 23:00:00' });
    expect(weeks.at(-1)).toEqual({ label: '2026-03-30', start: '2026-03-29 22:00:00' });
    expect(end).toBe('2026-04-05 22:00:00');
    expect(weeks).toHaveLength(14);
  });

  it('in a zone west of UTC, and in the autumn (New York)', () => {
    const { weeks } = localWeeks('America/New_York', Date.UTC(2026, 10, 1, 12), Date.UTC(2026, 10, 3));
    expect(weeks).toEqual([{ label: '2026-10-26', start: '2026-10-26 04:00:00' }, { label: '2026-11-02', start: '2026-11-02 05:00:00' }]);
  });

  it('finds midnight and the local day', () => {
    expect(sqliteUtc(localMidnight('Asia/Kolkata', 2026, 1, 1))).toBe('2025-12-31 18:30:00');
    expect(localDay('Pacific/Auckland', Date.UTC(2025, 11, 31, 12))).toBe('2026-01-01');
    expect(sqliteUtc(localMidnight('UTC', 2026, 2, 28))).toBe('2026-02-28 00:00:00');
  });
});
