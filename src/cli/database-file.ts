import {
  closeSync, copyFileSync, constants, existsSync, fchmodSync, fchownSync, fsyncSync, openSync, readFileSync, readSync, realpathSync,
  renameSync, rmSync, statSync, writeSync, type Stats,
} from 'node:fs';
import { dirname } from 'node:path';
// The CLI's side of a database file: what is beside it on disk, a backup copy, an atomic write.
// What the bytes themselves are worth is judged by ../db/sqlite/sqlite-bytes.ts, as in the app.
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { fileStamp } from '../db/domain/file-names.ts';
import { openSqliteBytes, setJournalModeBytes, SqliteFileError } from '../db/sqlite/sqlite-bytes.ts';

const nonEmpty = (path: string) => existsSync(path) && statSync(path).size > 0;

/**
 * A rollback journal SQLite would play back: non-empty, with a non-zero first byte. A journal left
 * by PERSIST mode has its header zeroed, and one left by TRUNCATE mode is empty: neither is hot.
 */
function isHotJournal(path: string): boolean {
  if (!nonEmpty(path)) return false;
  const fd = openSync(path, 'r');
  try {
    const first = new Uint8Array(1);
    readSync(fd, first, 0, 1, 0);
    return first[0] !== 0;
  } finally {
    closeSync(fd);
  }
}

/** What is beside the file that says it cannot be worked on now; `write`: about to replace it. */
function besideProblem(path: string, write: boolean): string | null {
  if (isHotJournal(`${path}-journal`)) {
    return `a rollback journal (${path}-journal) is beside it: the database was not closed cleanly; open it once with sqlite3 to recover it`;
  }
  if (nonEmpty(`${path}-wal`)) {
    return `a write-ahead log (${path}-wal) holds changes not yet in the file; close the app using it, or run: sqlite3 ${path} 'PRAGMA wal_checkpoint(TRUNCATE)'`;
  }
  if (write && (existsSync(`${path}-wal`) || existsSync(`${path}-shm`))) {
    return `another program has it open in WAL mode (${path}-wal or -shm is beside it): close that program first`;
  }
  return null;
}

const identity = (st: Stats) => `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;

export interface OpenedFile {
  /** The real file (a symlink is resolved: its journal and the file to replace are beside the target). */
  path: string;
  /** The file as read: mode, owner, and identity to check just before replacing it. */
  stat: Stats;
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
export function openDatabaseFile(sqlite3: Sqlite3Static, given: string, options: { write: boolean }): OpenedFile {
  if (!existsSync(given)) throw new SqliteFileError('no such file (an empty file is a new database: create one with `touch`)', given);
  const path = realpathSync(given);
  const stat = statSync(path);
  if (!stat.isFile()) throw new SqliteFileError('not a file', given);
  const bytes = new Uint8Array(readFileSync(path));
  const problem = bytes.length ? besideProblem(path, options.write) : null;
  if (problem) throw new SqliteFileError(problem, given);
  const { db, wal } = openSqliteBytes(sqlite3, bytes, { check: 'quick', path: given });
  return { path, stat, db, wal, empty: bytes.length === 0 };
}

/** Copies the file beside itself before it changes (never over an earlier copy); returns the copy's path. */
export function backupDatabaseFile(path: string, fromVersion: number, now = new Date()): string {
  const base = `${path}.backup-v${fromVersion}-${fileStamp(now)}`;
  for (let n = 1; ; n++) {
    const target = n === 1 ? base : `${base}-${n}`;
    try {
      copyFileSync(path, target, constants.COPYFILE_EXCL);
      return target;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n > 100) throw e;
    }
  }
}

/**
 * Replaces the file atomically: a temp file beside it with the file's mode and owner, flushed,
 * then renamed over it, and the folder flushed. Refuses if the file changed since it was read, or
 * another program opened it meanwhile: nothing is written then.
 */
export function writeDatabaseFile(file: Pick<OpenedFile, 'path' | 'wal' | 'stat'>, bytes: Uint8Array): void {
  const now = statSync(file.path, { throwIfNoEntry: false });
  if (!now || identity(now) !== identity(file.stat)) {
    throw new SqliteFileError('it was changed by another program while this command ran; nothing was written: run it again', file.path);
  }
  const problem = besideProblem(file.path, true);
  if (problem) throw new SqliteFileError(`${problem}; nothing was written`, file.path);
  const out = new Uint8Array(bytes);
  if (file.wal) setJournalModeBytes(out, 2);
  const temp = `${file.path}.tmp-${process.pid}`;
  try {
    const fd = openSync(temp, 'wx', file.stat.mode & 0o7777);
    try {
      fchmodSync(fd, file.stat.mode & 0o7777);
      try { fchownSync(fd, file.stat.uid, file.stat.gid); } catch { /* not ours to give: the owner stays ours */ }
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
  const dir = openSync(dirname(file.path), 'r');
  try { fsyncSync(dir); } finally { closeSync(dir); }
}
