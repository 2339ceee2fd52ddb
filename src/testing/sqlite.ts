import type { Database } from '@sqlite.org/sqlite-wasm';
import { exportDb, openMemoryDb } from '../db/sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../db/sqlite/sqlite-driver.ts';
import { migrate, type MigrationDb } from '../migrate/index.ts';
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
  return { raw, db: sqliteDriver(raw, sqlite3), bytes: () => exportDb(sqlite3, raw), close: () => raw.close() };
}

/** A new in-memory database with every bundled migration applied, as the app has it. */
export async function migratedDb(): Promise<TestDb> {
  const t = testDb();
  await migrate(t.db, (await import('virtual:migrations')).default);
  return t;
}
