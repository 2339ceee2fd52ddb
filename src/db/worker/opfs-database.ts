// The database in OPFS through the opfs-sahpool VFS: no COOP/COEP needed, and the fastest VFS
// measured here. Its failures are sorted into "another tab has it" and "OPFS unusable".
import type { SAHPoolUtil, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { setJournalModeBytes } from '../sqlite/sqlite-bytes.ts';
import { applyWal } from '../sqlite/wal-file.ts';
import { deleteBackup, listBackups, readBackup, writeBackup } from './backup-store.ts';
import { DatabaseLockedError, StorageUnavailableError, type DatabaseStorage } from './storage.ts';

const DB_FILE = '/upwork-researcher.sqlite3';
const WAL_FILE = `${DB_FILE}-wal`;

/**
 * opfs-sahpool gives one connection the file, so the database runs in WAL mode with exclusive
 * locking (SQLite keeps the WAL index in memory; no -shm is needed). A commit is then one append
 * to the -wal and one flush, where the rollback journal took a journal file created, written,
 * flushed and removed, and the database written and flushed: an autosave's write went from ~2.5 to
 * ~1.4 ms. `synchronous=FULL` flushes at every commit, so a commit that was acknowledged survives a
 * browser kill and an OS crash or power cut alike. The locking mode comes before the first read:
 * without shared memory, SQLite opens a WAL database only in exclusive mode.
 */
const OPEN_PRAGMA = 'PRAGMA locking_mode = EXCLUSIVE';
const WRITE_PRAGMAS = ['PRAGMA journal_mode = WAL', 'PRAGMA synchronous = FULL'];
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
      // The database, its -wal, a rollback journal (a restore runs through one) and one spare
      // (temp files stay in memory): each slot is an OPFS file opened at every start, and the
      // default 6 made a cold start slower.
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
        try {
          db.exec(OPEN_PRAGMA);
          // Fails at once with SQLITE_NOTADB if the file is not a database.
          db.exec('SELECT count(*) FROM sqlite_master');
        } catch (e) {
          db.close();
          throw e;
        }
        return db;
      },
      // A new database's schema is written faster through a rollback journal (measured in
      // Chromium: 20 against 36 ms, and 1 against 8 ms to open), which has nothing to keep for an
      // empty file, than through the WAL, which writes every page twice; the switch comes after.
      useForWrites(db) {
        for (const pragma of WRITE_PRAGMAS) db.exec(pragma);
      },
      // The file as one self-contained database: the -wal's committed frames applied to it (what
      // SQLite would read), marked as a rollback-journal database, so that a backup, a download or
      // the CLI needs nothing beside it. Reading both never disturbs the open connection.
      exportFile() {
        const main = p.exportFile(DB_FILE);
        const wal = p.getFileNames().includes(WAL_FILE) ? p.exportFile(WAL_FILE) : new Uint8Array();
        const { bytes } = applyWal(main, wal, WAL_FILE);
        return bytes.length ? setJournalModeBytes(bytes, 1) : bytes;
      },
      replaceFile(bytes) {
        // A -wal left beside other bytes would be read into them (its frames carry no tie to the
        // file): it goes first, so a crash in between leaves the old file, whose copy is in the backup.
        p.unlink(WAL_FILE);
        p.importDb(DB_FILE, bytes);
      },
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
