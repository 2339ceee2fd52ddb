import sqlite3InitModule, { type Sqlite3Static } from '@sqlite.org/sqlite-wasm';

let loading: Promise<Sqlite3Static> | undefined;

/** SQLite WASM in Node (in-memory databases only), initialised once per process. */
export function loadSqlite(): Promise<Sqlite3Static> {
  return (loading ??= sqlite3InitModule());
}
