// The whole surface the engine needs from a database: run SQL, read rows. Transactions are
// plain SQL (BEGIN IMMEDIATE / COMMIT / ROLLBACK) so any SQLite binding can implement this.

export type SqlValue = string | number | bigint | null | Uint8Array;
export type Row = Record<string, SqlValue>;

export interface MigrationDb {
  /** Runs one or more statements; throws with SQLite's message on error. */
  exec(sql: string): void;
  /** Runs one statement with positional parameters and returns its rows as objects. */
  query(sql: string, params?: readonly SqlValue[]): Row[];
}

export function tableExists(db: MigrationDb, name: string): boolean {
  return db.query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, [name]).length > 0;
}
