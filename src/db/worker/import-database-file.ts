// Reads the proposals of another database file (this app's, or the desktop app's): checked,
// verified like at start-up, and migrated forward in a memory copy, never in place.
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { errorMessage, historyTableExists, migrate, MigrationEngineError, MissingMigrationError, type Migration } from '../../migrate/index.ts';
import { ImportFileError, type ExportFile } from '../domain/export-format.ts';
import { buildExport } from '../domain/export-import.ts';
import { openSqliteBytes, SqliteFileError } from '../sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../sqlite/sqlite-driver.ts';

function explain(e: unknown): string {
  if (e instanceof MissingMigrationError && e.reason === 'newer-database') {
    return `it was made by a newer version of the app (V${e.version}__${e.migrationName}): update this app first`;
  }
  if (e instanceof MigrationEngineError) return `its migration history does not match this app: ${e.message}`;
  return errorMessage(e);
}

/** How long reading another database file may take before the import gives up (a crafted file can make SQLite work forever). */
export const IMPORT_TIME_LIMIT_MS = 20_000;

export async function readDatabaseFileProposals(
  sqlite3: Sqlite3Static, input: Uint8Array, migrations: readonly Migration[], limitMs = IMPORT_TIME_LIMIT_MS,
): Promise<ExportFile> {
  if (input.length === 0) throw new SqliteFileError('is empty');
  const { db } = openSqliteBytes(sqlite3, input, { check: 'full' });
  // Every thousand steps of SQLite's work, a look at the clock: past the limit, it stops.
  const deadline = Date.now() + limitMs;
  sqlite3.capi.sqlite3_progress_handler(db.pointer!, 1000, () => (Date.now() > deadline ? 1 : 0), 0);
  try {
    return await read(db, migrations);
  } catch (e) {
    if (Date.now() > deadline && /interrupt/i.test(errorMessage(e))) {
      throw new ImportFileError(`Reading this database file took longer than ${(limitMs / 1000).toLocaleString('en')} seconds, so the import gave up: the file makes SQLite work without end (a crafted view or trigger?).`);
    }
    throw e;
  } finally {
    db.close();
  }
}

async function read(db: ReturnType<typeof openSqliteBytes>['db'], migrations: readonly Migration[]): Promise<ExportFile> {
  const driver = sqliteDriver(db);
  // The app's tables must be tables: a view (a recursive one can run forever) is someone else's design.
  const [odd] = driver.query(`SELECT name, type FROM sqlite_master WHERE name IN ('proposals', 'proposal_versions', 'settings', 'refinery_schema_history') AND type <> 'table'`);
  if (odd) throw new ImportFileError(`In this database "${String(odd.name)}" is a ${String(odd.type)}, not a table: it is not an Upwork Researcher database.`);
  const hasProposals = driver.query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'proposals'`).length > 0;
  if (!hasProposals && !historyTableExists(driver)) throw new ImportFileError('This database has no proposals: it is not an Upwork Researcher database.');
  try {
    await migrate(driver, migrations);
  } catch (e) {
    throw new ImportFileError(`This database cannot be imported: ${explain(e)}.`);
  }
  return { ...buildExport(driver, ''), settings: undefined };
}
