// Request ids of committed writes (V4), so that a write resent after the owner tab changed is
// answered with its first result instead of being applied twice. Recorded in the write's own
// transaction: the write and its record commit together or not at all.
import type { Db } from './db.ts';

/** The result a request already applied returned, or `undefined` if it was never applied. */
export function appliedResult(db: Db, id: string): { value: unknown } | undefined {
  const [row] = db.query('SELECT result FROM applied_requests WHERE id = ?', [id]);
  return row ? { value: JSON.parse(String(row.result)) ?? undefined } : undefined;
}

export function recordApplied(db: Db, id: string, value: unknown): void {
  db.query('INSERT INTO applied_requests (id, result) VALUES (?, ?)', [id, JSON.stringify(value ?? null)]);
}

/** Records (or records again) what a key stands for, when it outlives one request (a new proposal's key). */
export function rememberApplied(db: Db, key: string, value: unknown): void {
  db.query('INSERT OR REPLACE INTO applied_requests (id, result) VALUES (?, ?)', [key, JSON.stringify(value ?? null)]);
}

/** Forgets requests old enough that no tab can still be waiting to resend them. */
export function pruneApplied(db: Db, olderThanHours = 24): number {
  return db.query(`DELETE FROM applied_requests WHERE applied_at < datetime('now', ?) RETURNING id`, [`-${olderThanHours} hours`]).length;
}
