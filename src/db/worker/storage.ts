// What start-up needs of the place the database lives, so that it can be given OPFS in the
// browser and a stand-in in Node tests. Browser-only code stays in opfs-database.ts.
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { BackupInfo } from '../api.ts';

export interface StorageConnection {
  /** Opens the database file; fails at once if it is not a database. */
  open(): Database;
  /** The database file's exact bytes (rescue downloads and backups). */
  exportFile(): Uint8Array;
  fileName: string;
  vfs: string;
}

export interface DatabaseStorage {
  /** Why the database cannot be kept here (no OPFS, not a secure context), or null. */
  unavailableReason(): string | null;
  /** Takes hold of the storage; throws DatabaseLockedError or StorageUnavailableError when it cannot. */
  connect(sqlite3: Sqlite3Static): Promise<StorageConnection>;
  writeBackup(bytes: Uint8Array, fromVersion: number): Promise<string>;
  listBackups(): Promise<BackupInfo[]>;
  readBackup(name: string): Promise<Uint8Array>;
  estimate(): Promise<{ usage: number | null; quota: number | null }>;
}

/** Who may open the database: one holder at a time, across tabs. */
export interface DatabaseLock {
  /** Takes the lock if it is free (and keeps it); false if someone else holds it. */
  tryAcquire(): Promise<boolean>;
  /** Resolves once the lock is ours (the holder went away). */
  acquire(): Promise<void>;
}

export class DatabaseLockedError extends Error {
  readonly kind = 'locked';
  constructor() {
    super('The database is open in another tab of this app. Close that tab (or use it) to continue here.');
    this.name = 'DatabaseLockedError';
  }
}

export class StorageUnavailableError extends Error {
  readonly kind = 'unavailable';
  constructor(readonly reason: string) {
    super(`This browser cannot store the database on this device (Origin Private File System unavailable: ${reason}).`);
    this.name = 'StorageUnavailableError';
  }
}
