import type { MigrationDb } from './database.ts';

/**
 * Runs `fn` atomically: all of it commits, or none of it, in one IMMEDIATE transaction. With
 * `savepoint` it nests instead: inside a transaction the caller holds (the CLI holds its lock for
 * the whole run; a write joins the transaction of its request record) it is all or nothing as
 * well, and the caller's own COMMIT decides. A rollback that fails (SQLite may have rolled back
 * already) never hides the error that caused it.
 */
export function withTransaction<T>(db: MigrationDb, fn: () => T, savepoint = false): T {
  db.exec(savepoint ? 'SAVEPOINT atomic' : 'BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec(savepoint ? 'RELEASE atomic' : 'COMMIT');
    return result;
  } catch (e) {
    try {
      db.exec(savepoint ? 'ROLLBACK TO atomic; RELEASE atomic' : 'ROLLBACK');
    } catch {
      // already rolled back by SQLite itself: the first error is the one to report
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
