// What the repositories need of a database: run SQL, and run a query with bound values. The
// engine's MigrationDb has the same shape, so one driver serves both, but neither depends on the other.
export type SqlValue = string | number | bigint | null | Uint8Array;
export type Row = Record<string, SqlValue>;

export interface Db {
  exec(sql: string): void;
  query(sql: string, params?: readonly SqlValue[]): Row[];
}
