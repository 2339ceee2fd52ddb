// What start-up needs of the place the database lives, so that it can be given OPFS in the
// browser and a stand-in in Node tests. Browser-only code stays in opfs-database.ts.
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { BackupInfo, BackupKind } from '../api.ts';

export interface StorageConnection {
  /** Opens the database file; fails at once if it is not a database. */
  open(): Database;
  /** Sets the journal mode the app's writes use, once start-up's migration is done (the file may change mode). */
  useForWrites?(db: Database): void;
  /** The database file's exact bytes (rescue downloads and backups). */
  exportFile(): Uint8Array;
  /** Writes these bytes as the database file, in place of what is there (no database may be open on it). */
  replaceFile(bytes: Uint8Array): void;
  /** Lets go of the file (every database on it closed first) so that another worker can take it. */
  release(): void;
  fileName: string;
  vfs: string;
}

export interface DatabaseStorage {
  /** Why the database cannot be kept here (no OPFS, not a secure context), or null. */
  unavailableReason(): string | null;
  /** Takes hold of the storage; throws DatabaseLockedError or StorageUnavailableError when it cannot. */
  connect(sqlite3: Sqlite3Static): Promise<StorageConnection>;
  /** `fromVersion`: null when the database's history could not be read (a damaged file being replaced). */
  writeBackup(bytes: Uint8Array, fromVersion: number | null, kind: BackupKind): Promise<string>;
  listBackups(): Promise<BackupInfo[]>;
  readBackup(name: string): Promise<Uint8Array>;
  deleteBackup(name: string): Promise<void>;
  estimate(): Promise<{ usage: number | null; quota: number | null }>;
}

/** A lock across tabs, held until released (or until the worker holding it ends). */
export interface DatabaseLock {
  /** Takes the lock if it is free (and keeps it); false if someone else holds it. */
  tryAcquire(): Promise<boolean>;
  /** Resolves once the lock is ours (the holder went away). */
  acquire(): Promise<void>;
  release(): void;
}

export class DatabaseLockedError extends Error {
  readonly kind = 'locked';
  constructor() {
    super('The database file is held by another tab of an older version of this app. Reload or close that tab to continue here.');
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
