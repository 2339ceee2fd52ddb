import type { MigrationDb } from './database.ts';

/** Runs `fn` in one IMMEDIATE transaction: all of it commits, or none of it. */
export function withTransaction<T>(db: MigrationDb, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    try {
      db.exec('ROLLBACK');
    } catch {
      // already rolled back by SQLite itself
    }
    throw e;
  }
}
