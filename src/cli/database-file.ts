import { closeSync, copyFileSync, constants, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
// The CLI's side of a database file: what is beside it on disk, a backup copy, an atomic write.
// What the bytes themselves are worth is judged by ../db/sqlite/sqlite-bytes.ts, as in the app.
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { fileStamp } from '../db/domain/file-names.ts';
import { openSqliteBytes, setJournalModeBytes, SqliteFileError } from '../db/sqlite/sqlite-bytes.ts';

const nonEmpty = (path: string) => existsSync(path) && statSync(path).size > 0;

export interface OpenedFile {
  path: string;
  db: Database;
  /** The file is in WAL mode: it is loaded as rollback-journal and written back as WAL. */
  wal: boolean;
  /** It was empty: a new database. */
  empty: boolean;
}

/**
 * Reads the file and opens it in memory, checked with PRAGMA quick_check. Refuses, with
 * SqliteFileError, what cannot be worked on safely: not a file, not SQLite, corrupt, or a journal
 * or log beside it that holds changes the file itself does not.
 */
export function openDatabaseFile(sqlite3: Sqlite3Static, path: string): OpenedFile {
  if (!existsSync(path)) throw new SqliteFileError('no such file (an empty file is a new database: create one with `touch`)', path);
  if (!statSync(path).isFile()) throw new SqliteFileError('not a file', path);
  const bytes = new Uint8Array(readFileSync(path));
  if (bytes.length && nonEmpty(`${path}-journal`)) {
    throw new SqliteFileError(`a rollback journal (${path}-journal) is beside it: the database was not closed cleanly; open it once with sqlite3 to recover it`, path);
  }
  if (bytes.length && nonEmpty(`${path}-wal`)) {
    throw new SqliteFileError(`a write-ahead log (${path}-wal) holds changes not yet in the file; close the app using it, or run: sqlite3 ${path} 'PRAGMA wal_checkpoint(TRUNCATE)'`, path);
  }
  const { db, wal } = openSqliteBytes(sqlite3, bytes, { check: 'quick', path });
  return { path, db, wal, empty: bytes.length === 0 };
}

/** Copies the file beside itself before it changes; returns the copy's path. */
export function backupDatabaseFile(path: string, fromVersion: number, now = new Date()): string {
  const target = `${path}.backup-v${fromVersion}-${fileStamp(now)}`;
  copyFileSync(path, target, constants.COPYFILE_EXCL);
  return target;
}

/** Replaces the file atomically: a temp file beside it, flushed, then renamed over it. */
export function writeDatabaseFile(file: Pick<OpenedFile, 'path' | 'wal'>, bytes: Uint8Array): void {
  const out = new Uint8Array(bytes);
  if (file.wal) setJournalModeBytes(out, 2);
  const temp = `${file.path}.tmp-${process.pid}`;
  try {
    const fd = openSync(temp, 'wx');
    try {
      for (let at = 0; at < out.length; ) at += writeSync(fd, out, at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file.path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
