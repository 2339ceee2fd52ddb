// A database file as bytes: recognised, opened in memory, checked, and turned back into bytes.
// The CLI (files on disk) and the worker (imports, restores) both go through here, so a file is
// judged the same way, with the same words, wherever it comes from.
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { hasSqliteHeader } from '../domain/sqlite-header.ts';
import { cleanSqliteMessage } from './sqlite-driver.ts';

/** These bytes cannot be used as a database: `reason` says why, in words for the user. */
export class SqliteFileError extends Error {
  readonly kind = 'bad-file';
  constructor(readonly reason: string, readonly path?: string) {
    super(path ? `${path}: ${reason}` : `The database file ${reason}.`);
    this.name = 'SqliteFileError';
  }
}

// Bytes 18 and 19 of the header: 1 = rollback journal, 2 = WAL. Memory databases cannot do WAL.
const JOURNAL_MODE_BYTES = [18, 19];

export function isWalMode(bytes: Uint8Array): boolean {
  return JOURNAL_MODE_BYTES.every((i) => bytes[i] === 2);
}

/** Marks the header's journal mode (1 rollback, 2 WAL) in place. */
export function setJournalModeBytes(bytes: Uint8Array, mode: 1 | 2): Uint8Array {
  for (const i of JOURNAL_MODE_BYTES) bytes[i] = mode;
  return bytes;
}

/**
 * Loads `bytes` as an in-memory database that can grow (sqlite-wasm in Node cannot open files:
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

/**
 * Makes `to` a copy of `from` with SQLite's backup API, in one transaction on `to`: its journal
 * makes the swap atomic, so a crash part-way leaves `to` as it was (rolled back on the next open).
 */
export function copyDatabase(sqlite3: Sqlite3Static, from: Database, to: Database): void {
  // Into a WAL database the copy would be written twice (into the -wal, then checkpointed), and
  // its page size could not change to `from`'s: for the copy, `to` goes through a rollback
  // journal (as atomic: a crash part-way is rolled back on the next open), then back to WAL.
  const wal = to.selectValue('PRAGMA journal_mode') === 'wal';
  if (wal) to.exec('PRAGMA journal_mode = DELETE');
  try {
    backupInto(sqlite3, from, to);
  } finally {
    if (wal) to.exec('PRAGMA journal_mode = WAL');
  }
}

function backupInto(sqlite3: Sqlite3Static, from: Database, to: Database): void {
  const { capi } = sqlite3;
  const backup = capi.sqlite3_backup_init(to.pointer!, 'main', from.pointer!, 'main');
  if (!backup) throw new Error(`The database could not be replaced: ${capi.sqlite3_errmsg(to.pointer!)}`);
  const rc = capi.sqlite3_backup_step(backup, -1);
  capi.sqlite3_backup_finish(backup);
  if (rc !== capi.SQLITE_DONE) throw new Error(`The database could not be replaced: ${capi.sqlite3_js_rc_str(rc)}`);
}

/** The database's current bytes, exactly what a file holding it would contain. */
export function exportDb(sqlite3: Sqlite3Static, db: Database): Uint8Array {
  return sqlite3.capi.sqlite3_js_db_export(db);
}

/**
 * `quick`: PRAGMA quick_check (every page and record is well formed). `full`: integrity_check,
 * which also checks that every index matches its table; slower, for files from elsewhere.
 */
export type SqliteCheck = 'quick' | 'full';

/** The check's findings, or an empty list when the database is sound. */
export function checkProblems(db: Database, check: SqliteCheck): string[] {
  const pragma = check === 'full' ? 'integrity_check' : 'quick_check';
  const rows = db.exec({ sql: `PRAGMA ${pragma}`, rowMode: 'array', returnValue: 'resultRows' }).map((r) => String(r[0]));
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
}

export interface OpenedBytes {
  db: Database;
  /** The file was in WAL mode: it was opened as rollback-journal (write it back with setJournalModeBytes). */
  wal: boolean;
}

/**
 * Opens a copy of `input` in memory and checks it. Empty bytes are a new database. Throws
 * SqliteFileError (naming `path` when given) for anything that is not a sound SQLite database.
 */
export function openSqliteBytes(sqlite3: Sqlite3Static, input: Uint8Array, options: { check: SqliteCheck; path?: string }): OpenedBytes {
  const fail = (reason: string) => new SqliteFileError(reason, options.path);
  if (input.length === 0) return { db: openMemoryDb(sqlite3, input), wal: false };
  if (!hasSqliteHeader(input)) throw fail('is not an SQLite database (its first bytes are not "SQLite format 3")');
  const bytes = new Uint8Array(input);
  const wal = isWalMode(bytes);
  if (wal) setJournalModeBytes(bytes, 1);
  let db: Database | undefined;
  try {
    db = openMemoryDb(sqlite3, bytes);
    const problems = checkProblems(db, options.check);
    if (problems.length) throw fail(`is damaged (${options.check === 'full' ? 'integrity' : 'quick'} check: ${problems.slice(0, 3).join('; ')})`);
    return { db, wal };
  } catch (e) {
    db?.close();
    if (e instanceof SqliteFileError) throw e;
    throw fail(`cannot be read as SQLite: ${cleanSqliteMessage(e instanceof Error ? e.message : String(e))}`);
  }
}
