// Reads the proposals of another database file (this app's, or the desktop app's): checked,
// verified like at start-up, and migrated forward in a memory copy, never in place.
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { errorMessage, historyTableExists, migrate, MigrationEngineError, type Migration } from '../migrate/index.ts';
import type { ExportFile } from './export-format.ts';
import { ImportFileError } from './export-format.ts';
import { buildExport } from './export-import.ts';
import { hasSqliteHeader, isWalMode, openMemoryDb, quickCheck, setJournalModeBytes } from './memory-db.ts';
import { cleanSqliteMessage, sqliteDriver } from './sqlite-driver.ts';

function explain(e: unknown): string {
  if (e instanceof MigrationEngineError) {
    if (e.kind === 'missing' && (e as { reason?: string }).reason === 'newer-database') {
      return `it was made by a newer version of the app (${e.message.match(/V\d+__\w+/u)?.[0] ?? ''}): update this app first`;
    }
    return `its migration history does not match this app: ${e.message}`;
  }
  return cleanSqliteMessage(errorMessage(e));
}

export async function readDatabaseFileProposals(sqlite3: Sqlite3Static, input: Uint8Array, migrations: readonly Migration[]): Promise<ExportFile> {
  if (!hasSqliteHeader(input)) throw new ImportFileError('This is not an SQLite database file (its first bytes are not "SQLite format 3").');
  const bytes = new Uint8Array(input);
  if (isWalMode(bytes)) setJournalModeBytes(bytes, 1);
  let db;
  try {
    db = openMemoryDb(sqlite3, bytes);
  } catch (e) {
    throw new ImportFileError(`The database file cannot be opened: ${explain(e)}`);
  }
  try {
    let problems: string[];
    try {
      problems = quickCheck(db, 'integrity_check');
    } catch (e) {
      throw new ImportFileError(`The database file is damaged: ${explain(e)}`);
    }
    if (problems.length) throw new ImportFileError(`The database file is damaged (integrity check: ${problems.slice(0, 2).join('; ')}).`);
    const driver = sqliteDriver(db);
    const hasProposals = driver.query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'proposals'`).length > 0;
    if (!hasProposals && !historyTableExists(driver)) throw new ImportFileError('This database has no proposals: it is not an Upwork Researcher database.');
    try {
      await migrate(driver, migrations);
    } catch (e) {
      throw new ImportFileError(`This database cannot be imported: ${explain(e)}.`);
    }
    const file = buildExport(driver, '');
    return { ...file, settings: undefined };
  } finally {
    db.close();
  }
}
