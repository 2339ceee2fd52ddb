import type { MigrationDb } from './database.ts';

/**
 * Runs `fn` in one IMMEDIATE transaction: all of it commits, or none of it. `joinOpen`: the caller
 * already holds a transaction (the CLI holds its lock for the whole run), so `fn` runs in a
 * savepoint of it, all or nothing as well, and the caller's own COMMIT decides.
 */
export function withTransaction<T>(db: MigrationDb, fn: () => T, joinOpen = false): T {
  db.exec(joinOpen ? 'SAVEPOINT refinery_batch' : 'BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec(joinOpen ? 'RELEASE refinery_batch' : 'COMMIT');
    return result;
  } catch (e) {
    try {
      db.exec(joinOpen ? 'ROLLBACK TO refinery_batch; RELEASE refinery_batch' : 'ROLLBACK');
    } catch {
      // already rolled back by SQLite itself
    }
    throw e;
  }
}

/** True while a transaction is open: BEGIN fails inside one (it is rolled back at once if it did not). */
export function inTransaction(db: MigrationDb): boolean {
  try {
    db.exec('BEGIN');
  } catch {
    return true;
  }
  db.exec('ROLLBACK');
  return false;
}
