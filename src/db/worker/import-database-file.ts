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

export async function readDatabaseFileProposals(sqlite3: Sqlite3Static, input: Uint8Array, migrations: readonly Migration[]): Promise<ExportFile> {
  if (input.length === 0) throw new SqliteFileError('is empty');
  const { db } = openSqliteBytes(sqlite3, input, { check: 'full' });
  try {
    const driver = sqliteDriver(db);
    const hasProposals = driver.query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'proposals'`).length > 0;
    if (!hasProposals && !historyTableExists(driver)) throw new ImportFileError('This database has no proposals: it is not an Upwork Researcher database.');
    try {
      await migrate(driver, migrations);
    } catch (e) {
      throw new ImportFileError(`This database cannot be imported: ${explain(e)}.`);
    }
    return { ...buildExport(driver, ''), settings: undefined };
  } finally {
    db.close();
  }
}
