// Another database file given to the app (this app's, or the desktop app's), to import its
// proposals or to restore it whole: checked, verified like at start-up, and migrated forward in a
// memory copy, never in place. The desktop app's database (recognised by its history) is read by
// its tables and columns and converted into this app's schema, in memory too.
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import {
  DivergentMigrationError, errorMessage, historyTableExists, migrate, MigrationEngineError, migrationLabel, MissingMigrationError, readHistory, tableExists,
  type Migration,
} from '../../migrate/index.ts';
import { describeDesktopHistory, foreignHistoryReason, recogniseDesktopHistory, type RecognisedDesktop } from '../desktop/lineage.ts';
import { readDesktopDatabase } from '../desktop/read-desktop-database.ts';
import { ImportFileError, type ExportFile } from '../domain/export-format.ts';
import { buildExport, importExport, type OnImportProgress } from '../domain/export-import.ts';
import { openMemoryDb, openSqliteBytes, SqliteFileError } from '../sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../sqlite/sqlite-driver.ts';
import { applyWal } from '../sqlite/wal-file.ts';

function explain(e: unknown, migrations: readonly Migration[]): string {
  if (e instanceof MissingMigrationError && e.reason === 'newer-database') {
    return `it was made by a newer version of the app (${migrationLabel({ version: e.version, name: e.migrationName })}): update this app first`;
  }
  const foreign = e instanceof DivergentMigrationError && e.version === 1 && migrations[0]
    ? foreignHistoryReason([{ version: 1, name: e.appliedName, checksum: e.appliedChecksum, appliedOn: '' }], migrations[0])
    : null;
  if (foreign) return foreign;
  if (e instanceof MigrationEngineError) return `its migration history does not match this app: ${e.message}`;
  return errorMessage(e);
}

/** A database file as given: its bytes, and the `-wal` that was beside it, if any. */
export interface DatabaseFileInput {
  bytes: Uint8Array;
  wal?: Uint8Array;
}

/** The desktop app's history, or null for any other; a desktop-like history that is not the desktop's is refused. */
function desktopHistoryOf(db: Database, purpose: FilePurpose): RecognisedDesktop | null {
  let history;
  try {
    history = readHistory(sqliteDriver(db));
  } catch {
    return null; // an unreadable history is refused, in the same words as at start-up, by the migration
  }
  const desktop = recogniseDesktopHistory(history);
  if (desktop?.kind === 'refused') throw new ImportFileError(`This database cannot be ${purpose}: ${desktop.reason}.`);
  return desktop;
}

/** The desktop's data in a new memory database at this app's version: what a restore swaps in. */
async function convertDesktopFile(sqlite3: Sqlite3Static, file: ExportFile, migrations: readonly Migration[], onProgress?: OnImportProgress): Promise<Database> {
  const converted = openMemoryDb(sqlite3, new Uint8Array());
  try {
    const db = sqliteDriver(converted);
    db.exec('PRAGMA foreign_keys = ON');
    await migrate(db, migrations);
    importExport(db, file, 'take', onProgress);
    return converted;
  } catch (e) {
    converted.close();
    throw e;
  }
}

/** How long reading another database file may take before the app gives up (a crafted file can make SQLite work forever). */
export const IMPORT_TIME_LIMIT_MS = 20_000;

export type FilePurpose = 'imported' | 'restored';

/**
 * The file as a memory database at this app's version: sound (full integrity check), the app's
 * tables real tables, a migration history this app knows (a restore needs one) and not newer.
 * The caller closes it. Throws SqliteFileError or ImportFileError, in words for the user.
 */
export async function openAppDatabaseFile(
  sqlite3: Sqlite3Static, input: DatabaseFileInput | Uint8Array, migrations: readonly Migration[], purpose: FilePurpose, limitMs = IMPORT_TIME_LIMIT_MS,
  { notes = {}, onProgress }: { notes?: { desktop?: string }; onProgress?: OnImportProgress } = {},
): Promise<Database> {
  return withFileDatabase(sqlite3, input, purpose, limitMs, async (db, desktop) => {
    if (desktop) {
      notes.desktop = describeDesktopHistory(desktop);
      const file = await readDesktopDatabase(sqliteDriver(db), 'all', notes.desktop, onProgress);
      return convertDesktopFile(sqlite3, file, migrations, onProgress);
    }
    await checkAndMigrate(db, migrations, purpose);
    return db;
  });
}

/**
 * Opens the file (with its -wal applied) in memory, checked whole, and gives it to `use` with its
 * desktop history if it has one. The memory copy is closed unless `use` returns it.
 */
async function withFileDatabase<T>(
  sqlite3: Sqlite3Static, input: DatabaseFileInput | Uint8Array, purpose: FilePurpose, limitMs: number,
  use: (db: Database, desktop: RecognisedDesktop | null) => Promise<T>,
): Promise<T> {
  const { bytes, wal } = input instanceof Uint8Array ? { bytes: input, wal: undefined } : input;
  if (bytes.length === 0) throw new SqliteFileError('is empty');
  const { db } = openSqliteBytes(sqlite3, wal ? applyWal(bytes, wal).bytes : bytes, { check: 'full' });
  // Every thousand steps of SQLite's work, a look at the clock: past the limit, it stops.
  const deadline = Date.now() + limitMs;
  sqlite3.capi.sqlite3_progress_handler(db.pointer!, 1000, () => (Date.now() > deadline ? 1 : 0), 0);
  let result: T | undefined;
  try {
    result = await use(db, desktopHistoryOf(db, purpose));
    if (result === db) sqlite3.capi.sqlite3_progress_handler(db.pointer!, 0, 0, 0);
    return result;
  } catch (e) {
    if (Date.now() > deadline && /interrupt/i.test(errorMessage(e))) {
      throw new ImportFileError(`Reading this database file took longer than ${(limitMs / 1000).toLocaleString('en')} seconds, so the app gave up: the file makes SQLite work without end (a crafted view or trigger?).`);
    }
    throw e;
  } finally {
    if (result !== db) db.close();
  }
}

async function checkAndMigrate(db: Database, migrations: readonly Migration[], purpose: FilePurpose): Promise<void> {
  const driver = sqliteDriver(db);
  // The app's tables must be tables: a view (a recursive one can run forever) is someone else's design.
  const [odd] = driver.query(`SELECT name, type FROM sqlite_master WHERE name IN ('proposals', 'proposal_versions', 'settings', 'refinery_schema_history') AND type <> 'table'`);
  if (odd) throw new ImportFileError(`In this database "${String(odd.name)}" is a ${String(odd.type)}, not a table: it is not an Upwork Researcher database.`);
  const hasProposals = tableExists(driver, 'proposals');
  const hasHistory = historyTableExists(driver);
  if (purpose === 'restored' && !(hasProposals && hasHistory)) {
    throw new ImportFileError('This database has no proposals or no migration history: it is not an Upwork Researcher database, so it cannot replace yours.');
  }
  if (!hasProposals && !hasHistory) throw new ImportFileError('This database has no proposals: it is not an Upwork Researcher database.');
  try {
    await migrate(driver, migrations);
  } catch (e) {
    throw new ImportFileError(`This database cannot be ${purpose}: ${explain(e, migrations)}.`);
  }
}

/**
 * The proposals of another database file, for an import: this app's settings are never taken
 * from it (a desktop file's own settings, such as its rates, are added where missing).
 */
export async function readDatabaseFileProposals(
  sqlite3: Sqlite3Static, input: DatabaseFileInput | Uint8Array, migrations: readonly Migration[], limitMs = IMPORT_TIME_LIMIT_MS, onProgress?: OnImportProgress,
): Promise<ExportFile> {
  return withFileDatabase(sqlite3, input, 'imported', limitMs, async (db, desktop) => {
    if (desktop) return readDesktopDatabase(sqliteDriver(db), 'desktop-only', describeDesktopHistory(desktop), onProgress);
    await checkAndMigrate(db, migrations, 'imported');
    return { ...buildExport(sqliteDriver(db), ''), settings: undefined };
  });
}
