// Another database file given to the app (this app's, or the desktop app's), to import its
// proposals or to restore it whole: checked, verified like at start-up, and migrated forward in a
// memory copy, never in place.
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { errorMessage, historyTableExists, migrate, MigrationEngineError, migrationLabel, MissingMigrationError, tableExists, type Migration } from '../../migrate/index.ts';
import { ImportFileError, type ExportFile } from '../domain/export-format.ts';
import { buildExport } from '../domain/export-import.ts';
import { openSqliteBytes, SqliteFileError } from '../sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../sqlite/sqlite-driver.ts';

function explain(e: unknown): string {
  if (e instanceof MissingMigrationError && e.reason === 'newer-database') {
    return `it was made by a newer version of the app (${migrationLabel({ version: e.version, name: e.migrationName })}): update this app first`;
  }
  if (e instanceof MigrationEngineError) return `its migration history does not match this app: ${e.message}`;
  return errorMessage(e);
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
  sqlite3: Sqlite3Static, input: Uint8Array, migrations: readonly Migration[], purpose: FilePurpose, limitMs = IMPORT_TIME_LIMIT_MS,
): Promise<Database> {
  if (input.length === 0) throw new SqliteFileError('is empty');
  const { db } = openSqliteBytes(sqlite3, input, { check: 'full' });
  // Every thousand steps of SQLite's work, a look at the clock: past the limit, it stops.
  const deadline = Date.now() + limitMs;
  sqlite3.capi.sqlite3_progress_handler(db.pointer!, 1000, () => (Date.now() > deadline ? 1 : 0), 0);
  try {
    await checkAndMigrate(db, migrations, purpose);
    sqlite3.capi.sqlite3_progress_handler(db.pointer!, 0, 0, 0);
    return db;
  } catch (e) {
    db.close();
    if (Date.now() > deadline && /interrupt/i.test(errorMessage(e))) {
      throw new ImportFileError(`Reading this database file took longer than ${(limitMs / 1000).toLocaleString('en')} seconds, so the app gave up: the file makes SQLite work without end (a crafted view or trigger?).`);
    }
    throw e;
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
    throw new ImportFileError(`This database cannot be ${purpose}: ${explain(e)}.`);
  }
}

/** The proposals of another database file, for an import (its settings are never taken). */
export async function readDatabaseFileProposals(
  sqlite3: Sqlite3Static, input: Uint8Array, migrations: readonly Migration[], limitMs = IMPORT_TIME_LIMIT_MS,
): Promise<ExportFile> {
  const db = await openAppDatabaseFile(sqlite3, input, migrations, 'imported', limitMs);
  try {
    return { ...buildExport(sqliteDriver(db), ''), settings: undefined };
  } finally {
    db.close();
  }
}
