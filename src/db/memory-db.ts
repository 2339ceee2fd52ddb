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
