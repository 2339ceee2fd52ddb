import { describe, expect, it } from 'vitest';
import { testDb } from '../testing/sqlite.ts';
import { formatAppliedOn, HISTORY_DDL, insertHistoryRows, parseAppliedOn, readHistory } from './history.ts';

describe('applied_on', () => {
  it.each([
    ['2026-11-23T22:57:38.610Z', '2026-11-23T22:57:38.61Z'],
    ['2026-11-23T22:57:38.700Z', '2026-11-23T22:57:38.7Z'],
    ['2026-11-23T22:57:38.000Z', '2026-11-23T22:57:38Z'],
    ['2026-11-23T22:57:38.123Z', '2026-11-23T22:57:38.123Z'],
  ])('writes %s as refinery does: %s', (iso, text) => {
    expect(formatAppliedOn(new Date(iso))).toBe(text);
  });

  it.each([
    ['2026-11-23T22:57:38Z', '2026-11-23T22:57:38.000Z'],
    ['2026-11-23T22:57:38.123456789Z', '2026-11-23T22:57:38.123Z'],
    ['2024-01-02T03:04:05-06:00', '2024-01-02T09:04:05.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseAppliedOn(text)?.toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', '2026-11-23', '2026-11-23T22:57:38', '2026-13-01T00:00:00Z', '2026-11-23T25:00:00Z'])(
    'refuses %j', (text) => expect(parseAppliedOn(text)).toBeNull(),
  );
});

describe('insertHistoryRows', () => {
  it('writes rows refinery reads back exactly, quotes and all', () => {
    const t = testDb();
    t.db.exec(HISTORY_DDL);
    const rows = [
      { version: 1, name: "it's_quoted", appliedOn: '2026-11-23T22:57:38.61Z', checksum: '105872891364838878' },
      { version: 2147483647, name: 'données_日本', appliedOn: '2026-11-23T22:57:38Z', checksum: '18446744073709551615' },
    ];
    insertHistoryRows(t.db, rows);
    expect(readHistory(t.db)).toEqual(rows);
    expect(t.db.query('SELECT typeof(version) AS v, typeof(checksum) AS c FROM refinery_schema_history')).toEqual([{ v: 'integer', c: 'text' }, { v: 'integer', c: 'text' }]);
    expect(() => insertHistoryRows(t.db, [{ ...rows[0], version: 1.5 }])).toThrow(/not an integer/);
    t.close();
  });
});
