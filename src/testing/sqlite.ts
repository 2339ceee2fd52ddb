import type { Database } from '@sqlite.org/sqlite-wasm';
import { exportDb, openMemoryDb } from '../db/memory-db.ts';
import { sqliteDriver } from '../db/sqlite-driver.ts';
import type { MigrationDb } from '../migrate/index.ts';
import { loadSqlite } from '../node/sqlite-node.ts';

export const sqlite3 = await loadSqlite();

export interface TestDb {
  raw: Database;
  db: MigrationDb;
  bytes(): Uint8Array;
  close(): void;
}

/** A real SQLite WASM database in memory, optionally loaded from bytes. */
export function testDb(bytes: Uint8Array = new Uint8Array()): TestDb {
  const raw = openMemoryDb(sqlite3, bytes);
  return { raw, db: sqliteDriver(raw), bytes: () => exportDb(sqlite3, raw), close: () => raw.close() };
}
