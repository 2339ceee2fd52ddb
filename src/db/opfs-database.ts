// Opens the database in OPFS through the opfs-sahpool VFS: no COOP/COEP needed, and the fastest
// VFS measured here. Its failures are sorted into "another tab has it" and "OPFS unusable".
import type { Database, SAHPoolUtil, Sqlite3Static } from '@sqlite.org/sqlite-wasm';

export const DB_FILE = '/upwork-researcher.sqlite3';
export const VFS_NAME = 'opfs-sahpool';

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

function classify(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'NoModificationAllowedError' || /Access Handles cannot be created/i.test(err.message)) return new DatabaseLockedError();
  if (/Missing required OPFS APIs|SecurityError|not allowed|insecure/i.test(`${err.name} ${err.message}`)) {
    return new StorageUnavailableError(err.message);
  }
  return err;
}

export async function installPool(sqlite3: Sqlite3Static): Promise<SAHPoolUtil> {
  if (!globalThis.isSecureContext) throw new StorageUnavailableError('the page is not in a secure context (https or localhost)');
  try {
    return await sqlite3.installOpfsSAHPoolVfs({
      name: VFS_NAME,
      // Without this a failed install (e.g. another tab holds the handles) deletes the pool: data loss.
      preserveOnInitFailure: true,
      // A retry after the other tab closed must really retry, not return the cached failure.
      forceReinitIfPreviouslyFailed: true,
      // The database and its rollback journal, plus two spare (temp files stay in memory): each
      // slot is an OPFS file opened at every start, and the default 6 made a cold start slower.
      initialCapacity: 4,
    } as Parameters<Sqlite3Static['installOpfsSAHPoolVfs']>[0]);
  } catch (e) {
    throw classify(e);
  }
}

export function openDatabase(pool: SAHPoolUtil): Database {
  const db = new pool.OpfsSAHPoolDb(DB_FILE);
  // Fails at once with SQLITE_NOTADB if the file is not a database.
  db.exec('SELECT count(*) FROM sqlite_master');
  return db;
}
