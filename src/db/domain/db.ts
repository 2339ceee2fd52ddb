// What the repositories need of a database: run SQL, and run a query with bound values. The
// engine's MigrationDb has the same shape, so one driver serves both, but neither depends on the other.
export type SqlValue = string | number | bigint | null | Uint8Array;
export type Row = Record<string, SqlValue>;

export interface Db {
  exec(sql: string): void;
  query(sql: string, params?: readonly SqlValue[]): Row[];
}

/**
 * Runs `fn` atomically: all of it or none of it. A savepoint, so it nests: alone it is a
 * transaction of its own, inside another (a write recorded with its request id) it joins it.
 */
export function atomically<T>(db: Db, fn: () => T): T {
  db.exec('SAVEPOINT atomically');
  try {
    const result = fn();
    db.exec('RELEASE atomically');
    return result;
  } catch (e) {
    try {
      db.exec('ROLLBACK TO atomically; RELEASE atomically');
    } catch {
      // already rolled back by SQLite itself
    }
    throw e;
  }
}
