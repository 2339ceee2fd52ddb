// A new database's first start, without running its migrations: the database they make is built
// once, at build time, by the same engine over the same files (build/schema-image.ts), and copied
// in. Running V1…V9 in a fresh worker is SQLite's slowest work of all (its code runs for the first
// time: ~90–120 ms of a cold start); copying the pages they make costs far less. What the copy
// gives is what running them would: it goes in through SQLite's own journal, atomically; its
// history is checked against the bundled migrations as any database's is; and it is dated now.
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import {
  formatAppliedOn, HISTORY_TABLE, readHistory, sortMigrations, verifyHistory, withTransaction, type AppliedReport, type Migration, type MigrationDb,
} from '../../migrate/index.ts';
import { copyDatabase, openMemoryDb } from './sqlite-bytes.ts';

/** The database that every bundled migration makes from nothing, as the build saw it. */
export interface SchemaImage {
  /** The file, gzip-compressed, in base64 (7 KB for V1…V9: most of its 41 pages are empty). */
  gzipBase64: string;
  /** The newest migration in it. */
  version: number;
  /**
   * Cells the migrations filled with the time they ran (`datetime('now')`, such as a default
   * setting's `updated_at`): they hold SEEDED_AT in the image and get the first start's time.
   */
  clockCells: readonly ClockCell[];
}

export interface ClockCell {
  table: string;
  rowid: number;
  column: string;
}

/**
 * The time an image's rows carry until they are dated: its history's `applied_on` and its clock
 * cells. A start that finds it (a crash between the copy and its dating) dates them then.
 */
export const SEEDED_AT = new Date(0);

/** SQLite's `datetime('now')` for `at`: 'YYYY-MM-DD HH:MM:SS', UTC. */
export const sqliteDateTime = (at: Date) => at.toISOString().slice(0, 19).replace('T', ' ');

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function gunzip(base64: string): Promise<Uint8Array> {
  const zipped = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([zipped]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** True for a database with nothing in it at all: no table, no history. */
export function isEmptyDatabase(db: Database): boolean {
  return db.selectValue('SELECT count(*) FROM sqlite_master') === 0;
}

/**
 * Gives the image's rows still at SEEDED_AT the time `now`, in one transaction; nothing else
 * changes (the build checks that no trigger does more). Returns whether there were any.
 */
export function dateSeeded(db: MigrationDb, clockCells: readonly ClockCell[], now: Date): boolean {
  const seededAt = formatAppliedOn(SEEDED_AT);
  if (db.query(`SELECT 1 FROM ${HISTORY_TABLE} WHERE applied_on = ? LIMIT 1`, [seededAt]).length === 0) return false;
  withTransaction(db, () => {
    db.query(`UPDATE ${HISTORY_TABLE} SET applied_on = ? WHERE applied_on = ?`, [formatAppliedOn(now), seededAt]);
    for (const { table, rowid, column } of clockCells) {
      db.query(`UPDATE ${quoteId(table)} SET ${quoteId(column)} = ? WHERE rowid = ? AND ${quoteId(column)} = ?`, [sqliteDateTime(now), rowid, sqliteDateTime(SEEDED_AT)]);
    }
  });
  return true;
}

/**
 * Makes the empty `target` the image's database, dated `now`, and returns its migrations as
 * applied. Throws, with `target` left empty, if the image does not belong to `bundled` (its
 * history would be refused) or cannot be read: the caller runs the migrations instead.
 */
export async function seedFromImage(
  sqlite3: Sqlite3Static, target: Database, db: MigrationDb, image: SchemaImage, bundled: readonly Migration[], now = new Date(),
): Promise<AppliedReport[]> {
  const bytes = await gunzip(image.gzipBase64);
  const copy = openMemoryDb(sqlite3, bytes);
  try {
    copyDatabase(sqlite3, copy, target);
  } finally {
    copy.close();
  }
  try {
    const history = readHistory(db);
    verifyHistory(history, sortMigrations(bundled));
    if (history.at(-1)?.version !== image.version) {
      throw new Error(`the schema image says V${image.version} but its history ends at V${history.at(-1)?.version ?? 0}`);
    }
    dateSeeded(db, image.clockCells, now);
    return history.map(({ version, name }) => ({ version, name, ms: 0 }));
  } catch (e) {
    // As it was: empty (a new database copied over it, through the journal as well).
    const empty = new sqlite3.oo1.DB(':memory:');
    try { copyDatabase(sqlite3, empty, target); } finally { empty.close(); }
    throw e;
  }
}
