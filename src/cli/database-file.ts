import { closeSync, existsSync, fchmodSync, fchownSync, fsyncSync, openSync, readSync, realpathSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
// The CLI's side of a database file on disk. It is opened with native SQLite, in place: SQLite's
// own locks keep other programs from writing while the CLI runs, and the CLI from writing under
// them; its journal or WAL makes the change atomic. Nothing is ever renamed over the file.
import { fileStamp } from '../db/domain/file-names.ts';
import { hasSqliteHeader } from '../db/domain/sqlite-header.ts';
import { SqliteFileError } from '../db/sqlite/sqlite-bytes.ts';
import { nativeSqlite, sqliteCode, type NativeDatabase } from './native-sqlite.ts';

/** Another program holds the database (it is writing, or reading while the CLI wants to commit). */
export class DatabaseBusyError extends Error {
  readonly kind = 'busy';
  constructor(readonly path: string, waitedMs: number) {
    super(`${path}: another program is using it (SQLite reported it busy for ${waitedMs} ms); close that program, or run again with a longer --wait`);
    this.name = 'DatabaseBusyError';
  }
}

export interface OpenedFile {
  /** The real file: a symlink is resolved, so the backup goes beside the file, not the link. */
  path: string;
  stat: Stats;
  db: NativeDatabase;
  wal: boolean;
  /** It was empty: a new database. */
  empty: boolean;
}

export interface OpenOptions {
  /** Take SQLite's write lock (BEGIN IMMEDIATE) for the whole run; otherwise read-only. */
  write: boolean;
  /** How long to wait for another program's lock before giving up. */
  waitMs: number;
}

function firstBytes(path: string, n: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const bytes = new Uint8Array(n);
    return bytes.subarray(0, readSync(fd, bytes, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

function fileError(e: unknown, given: string, path: string): Error {
  const code = sqliteCode(e);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return e as Error;
  if (code === 'SQLITE_READONLY_ROLLBACK') {
    return new SqliteFileError(
      `a rollback journal (${path}-journal) is beside it: a program stopped in the middle of a write; ` +
      `open it once with sqlite3 (sqlite3 '${path}' 'PRAGMA quick_check') to roll that write back, then run this again`, given,
    );
  }
  if (code) return new SqliteFileError(`cannot be read as SQLite: ${(e as Error).message}`, given);
  return e as Error;
}

/**
 * Opens the file with native SQLite and checks it with PRAGMA quick_check, inside a transaction
 * that the caller ends: a read transaction, or with `write` SQLite's write lock, held until COMMIT
 * or ROLLBACK. Refuses, with SqliteFileError, what cannot be worked on: not a file, not SQLite,
 * corrupt, or a journal left by a program that stopped mid-write (it is never rolled back here
 * without a copy: the read-only look first sees it and refuses).
 */
export function openDatabaseFile(given: string, options: OpenOptions): OpenedFile {
  if (!existsSync(given)) throw new SqliteFileError('no such file (an empty file is a new database: create one with `touch`)', given);
  const path = realpathSync(given);
  const stat = statSync(path);
  if (!stat.isFile()) throw new SqliteFileError('not a file', given);
  if (stat.size > 0 && !hasSqliteHeader(firstBytes(path, 100))) {
    throw new SqliteFileError('is not an SQLite database (its first bytes are not "SQLite format 3")', given);
  }
  const open = nativeSqlite();
  // Read-only first: SQLite refuses to roll a hot journal back then, so a half-written
  // transaction is reported before anything, rather than undone without a backup.
  let db = open(path, { readonly: true, fileMustExist: true, timeout: options.waitMs });
  try {
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    if (options.write) {
      db.close();
      db = open(path, { fileMustExist: true, timeout: options.waitMs });
      // Nothing reaches the file before COMMIT, so a run that fails leaves it as it was.
      db.pragma('cache_spill = OFF');
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (e) {
        throw sqliteCode(e) === 'SQLITE_BUSY' ? new DatabaseBusyError(given, options.waitMs) : e;
      }
    }
    const problems = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
    if (problems.length !== 1 || problems[0] !== 'ok') throw new SqliteFileError(`is damaged (quick check: ${problems.slice(0, 3).join('; ')})`, given);
    const wal = String(db.pragma('journal_mode', { simple: true })) === 'wal';
    return { path, stat, db, wal, empty: stat.size === 0 };
  } catch (e) {
    db.close();
    throw fileError(e, given, path);
  }
}

/** Ends the run's transaction: COMMIT, waiting (as SQLite does) for other programs' readers to finish. */
export function commitDatabaseFile(file: OpenedFile, given: string, waitMs: number): void {
  try {
    file.db.exec('COMMIT');
  } catch (e) {
    if (sqliteCode(e) === 'SQLITE_BUSY') throw new DatabaseBusyError(given, waitMs);
    throw e;
  }
}

/**
 * Writes `bytes` (the database as the locked transaction sees it) beside the file, never over an
 * earlier copy, with the file's mode and owner (it holds the API key), flushed with its folder.
 */
export function writeBackup(file: Pick<OpenedFile, 'path' | 'stat'>, fromVersion: number, bytes: Uint8Array, now = new Date()): string {
  const base = `${file.path}.backup-v${fromVersion}-${fileStamp(now)}`;
  for (let n = 1; ; n++) {
    const target = n === 1 ? base : `${base}-${n}`;
    let fd: number;
    try {
      fd = openSync(target, 'wx', file.stat.mode & 0o777);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n > 100) throw e;
      continue;
    }
    try {
      fchmodSync(fd, file.stat.mode & 0o777); // exactly, whatever the umask
      try { fchownSync(fd, file.stat.uid, file.stat.gid); } catch { /* not ours to give: the copy stays ours */ }
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      rmSync(target, { force: true });
      throw e;
    }
    closeSync(fd);
    const dir = openSync(dirname(target), 'r');
    try { fsyncSync(dir); } finally { closeSync(dir); }
    return target;
  }
}
