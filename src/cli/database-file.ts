import { closeSync, copyFileSync, constants, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { hasSqliteHeader, isWalMode, openMemoryDb, quickCheck, setJournalModeBytes } from '../db/memory-db.ts';
import { cleanSqliteMessage } from '../db/sqlite-driver.ts';

/** The file is not something the CLI can safely work on: not a file, not SQLite, corrupt, mid-transaction. */
export class BadDatabaseFileError extends Error {
  readonly kind = 'bad-input';
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'BadDatabaseFileError';
  }
}

export interface DatabaseFile {
  path: string;
  bytes: Uint8Array;
  /** The file is in WAL mode: it is loaded as rollback-journal and written back as WAL. */
  wal: boolean;
}

const nonEmpty = (path: string) => existsSync(path) && statSync(path).size > 0;

export function readDatabaseFile(path: string): DatabaseFile {
  if (!existsSync(path)) throw new BadDatabaseFileError(path, 'no such file (an empty file is a new database: create one with `touch`)');
  if (!statSync(path).isFile()) throw new BadDatabaseFileError(path, 'not a file');
  const bytes = new Uint8Array(readFileSync(path));
  if (bytes.length === 0) return { path, bytes, wal: false };
  if (!hasSqliteHeader(bytes)) {
    throw new BadDatabaseFileError(path, 'not an SQLite database (its first bytes are not "SQLite format 3")');
  }
  if (nonEmpty(`${path}-journal`)) {
    throw new BadDatabaseFileError(path, `a rollback journal (${path}-journal) is beside it: the database was not closed cleanly; open it once with sqlite3 to recover it`);
  }
  if (nonEmpty(`${path}-wal`)) {
    throw new BadDatabaseFileError(path, `a write-ahead log (${path}-wal) holds changes not yet in the file; close the app using it, or run: sqlite3 ${path} 'PRAGMA wal_checkpoint(TRUNCATE)'`);
  }
  const wal = isWalMode(bytes);
  if (wal) setJournalModeBytes(bytes, 1);
  return { path, bytes, wal };
}

/** Opens the file's bytes in memory and checks them with PRAGMA quick_check. */
export function openDatabaseFile(sqlite3: Sqlite3Static, file: DatabaseFile): Database {
  let db: Database | undefined;
  try {
    db = openMemoryDb(sqlite3, file.bytes);
    const problems = quickCheck(db);
    if (problems.length) throw new Error(`corrupt: ${problems.slice(0, 3).join('; ')}`);
    return db;
  } catch (e) {
    db?.close();
    const message = cleanSqliteMessage(e instanceof Error ? e.message : String(e));
    throw new BadDatabaseFileError(file.path, /^corrupt/.test(message) ? message : `cannot be read as SQLite: ${message}`);
  }
}

/** Copies the file beside itself before it changes; returns the copy's path. */
export function backupDatabaseFile(path: string, fromVersion: number, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const target = `${path}.backup-v${fromVersion}-${stamp}`;
  copyFileSync(path, target, constants.COPYFILE_EXCL);
  return target;
}

/** Replaces the file atomically: a temp file beside it, flushed, then renamed over it. */
export function writeDatabaseFile(file: DatabaseFile, bytes: Uint8Array): void {
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
