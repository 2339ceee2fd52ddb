import { describe, expect, it } from 'vitest';
import { migratedDb } from '../../testing/sqlite.ts';
import { appliedResult, pruneApplied, recordApplied } from './applied-requests.ts';

describe('applied requests', () => {
  it('answers a request id with what it returned, and nothing for an unknown one', async () => {
    const t = await migratedDb();
    recordApplied(t.db, 'r1', { id: 7, jobContent: 'x' });
    recordApplied(t.db, 'r2', undefined);
    expect(appliedResult(t.db, 'r1')).toEqual({ value: { id: 7, jobContent: 'x' } });
    expect(appliedResult(t.db, 'r2')).toEqual({ value: undefined });
    expect(appliedResult(t.db, 'r3')).toBeUndefined();
    expect(() => recordApplied(t.db, 'r1', 1)).toThrow(/UNIQUE/);
  });

  it('forgets ids older than a day', async () => {
    const t = await migratedDb();
    recordApplied(t.db, 'old', 1);
    recordApplied(t.db, 'new', 2);
    t.db.query(`UPDATE applied_requests SET applied_at = datetime('now', '-25 hours') WHERE id = 'old'`);
    expect(pruneApplied(t.db)).toBe(1);
    expect(appliedResult(t.db, 'old')).toBeUndefined();
    expect(appliedResult(t.db, 'new')).toEqual({ value: 2 });
  });
});
