import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';

/**
 * Opens `bytes` as an in-memory database that can grow (sqlite-wasm in Node cannot open files:
 * work in memory, then write back). Empty bytes give a new, empty database.
 */
export function openMemoryDb(sqlite3: Sqlite3Static, bytes: Uint8Array): Database {
  const db = new sqlite3.oo1.DB(':memory:');
  if (bytes.length === 0) return db;
  const { capi, wasm } = sqlite3;
  const p = wasm.allocFromTypedArray(bytes);
  const rc = capi.sqlite3_deserialize(
    db.pointer!, 'main', p, bytes.length, bytes.length,
    capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE,
  );
  if (rc !== 0) {
    db.close();
    throw new Error(`cannot load the database: ${capi.sqlite3_js_rc_str(rc)}`);
  }
  return db;
}

/** The database's current bytes, exactly what a file holding it would contain. */
export function exportDb(sqlite3: Sqlite3Static, db: Database): Uint8Array {
  return sqlite3.capi.sqlite3_js_db_export(db);
}

const HEADER = 'SQLite format 3\0';
// Bytes 18 and 19 of the header: 1 = rollback journal, 2 = WAL. Memory databases cannot do WAL.
export const WAL_BYTES = [18, 19];

export function hasSqliteHeader(bytes: Uint8Array): boolean {
  return bytes.length >= 100 && new TextDecoder('latin1').decode(bytes.subarray(0, 16)) === HEADER;
}

export function isWalMode(bytes: Uint8Array): boolean {
  return WAL_BYTES.every((i) => bytes[i] === 2);
}

/** Marks the header's journal mode (1 rollback, 2 WAL) in place. */
export function setJournalModeBytes(bytes: Uint8Array, mode: 1 | 2): Uint8Array {
  for (const i of WAL_BYTES) bytes[i] = mode;
  return bytes;
}

/**
 * The findings of PRAGMA quick_check (or the slower, thorough integrity_check, which also checks
 * that indexes match their tables), or an empty list when the database is sound.
 */
export function quickCheck(db: Database, pragma: 'quick_check' | 'integrity_check' = 'quick_check'): string[] {
  const rows = db.exec({ sql: `PRAGMA ${pragma}`, rowMode: 'array', returnValue: 'resultRows' }).map((r) => String(r[0]));
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
}
