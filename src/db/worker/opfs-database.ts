// The database in OPFS through the opfs-sahpool VFS: no COOP/COEP needed, and the fastest VFS
// measured here. Its failures are sorted into "another tab has it" and "OPFS unusable".
import type { SAHPoolUtil, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { deleteBackup, listBackups, readBackup, writeBackup } from './backup-store.ts';
import { DatabaseLockedError, StorageUnavailableError, type DatabaseStorage } from './storage.ts';

const DB_FILE = '/upwork-researcher.sqlite3';
const VFS_NAME = 'opfs-sahpool';

function classify(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'NoModificationAllowedError' || /Access Handles cannot be created/i.test(err.message)) return new DatabaseLockedError();
  if (/Missing required OPFS APIs|SecurityError|not allowed|insecure/i.test(`${err.name} ${err.message}`)) {
    return new StorageUnavailableError(err.message);
  }
  return err;
}

async function installPool(sqlite3: Sqlite3Static): Promise<SAHPoolUtil> {
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

let pool: SAHPoolUtil | undefined;

export const opfsStorage: DatabaseStorage = {
  unavailableReason() {
    if (!globalThis.navigator?.storage?.getDirectory) return 'this browser has no navigator.storage.getDirectory';
    if (!globalThis.isSecureContext) return 'the page is not in a secure context (https or localhost)';
    return null;
  },
  async connect(sqlite3) {
    // Handed over earlier (paused): take the same files back rather than install the VFS again.
    if (pool?.isPaused()) await pool.unpauseVfs().catch((e) => { throw classify(e); });
    pool ??= await installPool(sqlite3);
    const p = pool;
    return {
      fileName: DB_FILE,
      vfs: VFS_NAME,
      open() {
        const db = new p.OpfsSAHPoolDb(DB_FILE);
        // Fails at once with SQLITE_NOTADB if the file is not a database.
        db.exec('SELECT count(*) FROM sqlite_master');
        return db;
      },
      exportFile: () => p.exportFile(DB_FILE),
      replaceFile: (bytes) => void p.importDb(DB_FILE, bytes),
      release: () => void p.pauseVfs(),
    };
  },
  writeBackup: (bytes, fromVersion, kind) => writeBackup(bytes, fromVersion, kind),
  listBackups,
  readBackup,
  deleteBackup,
  async estimate() {
    const e = await navigator.storage.estimate().catch(() => undefined);
    return { usage: e?.usage ?? null, quota: e?.quota ?? null };
  },
};
