import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { Plugin } from 'vite';
import { HISTORY_TABLE, migrate, type Migration } from '../migrate/index.ts';
import { dateSeeded, SEEDED_AT, sqliteDateTime, type ClockCell, type SchemaImage } from '../db/sqlite/schema-image.ts';
import { exportDb, openMemoryDb } from '../db/sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../db/sqlite/sqlite-driver.ts';
import { loadSqlite } from '../node/sqlite-node.ts';
import { invalidateModule } from './embed-migrations.ts';
import { readMigrations } from './read-migrations.ts';

export const SCHEMA_IMAGE_MODULE = 'virtual:schema-image';
const RESOLVED = '\0' + SCHEMA_IMAGE_MODULE;

type Row = Record<string, unknown>;
const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;
const DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

/** Every row of every table (a virtual table's through its own tables), in a stable order. */
function readAll(db: Database): { table: string; rows: Row[]; rowids: boolean }[] {
  const tables = db.selectObjects(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL %' ORDER BY name`) as { name: string }[];
  return tables.map(({ name }) => {
    try {
      return { table: name, rows: db.selectObjects(`SELECT rowid AS "rowid:", * FROM ${quoteId(name)} ORDER BY rowid`) as Row[], rowids: true };
    } catch {
      return { table: name, rows: db.selectObjects(`SELECT * FROM ${quoteId(name)} ORDER BY 1`) as Row[], rowids: false }; // WITHOUT ROWID
    }
  });
}

/** What a database holds, with its times (history dates, clock cells) left out: to compare two. */
export function databaseContents(db: Database, clockCells: readonly ClockCell[]): string {
  const isClock = (table: string, row: Row, column: string) =>
    (table === HISTORY_TABLE && column === 'applied_on') || clockCells.some((c) => c.table === table && c.column === column && c.rowid === row['rowid:']);
  const tables = readAll(db).map(({ table, rows }) => ({
    table,
    rows: rows.map((row) => Object.fromEntries(Object.entries(row).map(([column, value]) => [column, isClock(table, row, column) ? '(time)' : value]))),
  }));
  const objects = db.selectObjects('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name');
  const pragmas = ['user_version', 'application_id', 'page_size', 'auto_vacuum', 'encoding'].map((p) => db.selectValue(`PRAGMA ${p}`));
  return JSON.stringify({ objects, pragmas, tables });
}

/** The database every migration makes from nothing in memory, its times at SEEDED_AT. */
async function runOnce(sqlite3: Sqlite3Static, migrations: readonly Migration[]): Promise<{ bytes: Uint8Array; contents: string; clockCells: ClockCell[] }> {
  const db = new sqlite3.oo1.DB(':memory:');
  try {
    const from = sqliteDateTime(new Date());
    await migrate(sqliteDriver(db, sqlite3), migrations, { now: () => SEEDED_AT });
    const to = sqliteDateTime(new Date());
    const clockCells: ClockCell[] = [];
    for (const { table, rows, rowids } of readAll(db)) {
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (typeof value !== 'string' || !DATETIME.test(value) || value < from || value > to) continue;
          if (!rowids) throw new Error(`${table}.${column} holds the time the migrations ran, in a table without rowids`);
          clockCells.push({ table, rowid: row['rowid:'] as number, column });
        }
      }
    }
    for (const { table, rowid, column } of clockCells) {
      db.exec({ sql: `UPDATE ${quoteId(table)} SET ${quoteId(column)} = ? WHERE rowid = ?`, bind: [sqliteDateTime(SEEDED_AT), rowid] });
    }
    return { bytes: exportDb(sqlite3, db), contents: databaseContents(db, clockCells), clockCells };
  } finally {
    db.close();
  }
}

/**
 * The database every bundled migration makes from nothing, for a first start to copy in (see
 * db/sqlite/schema-image.ts). Refused when two runs leave anything but the time different (a
 * random value would be the same for every user), when dating it would change anything else (a
 * trigger), or when a migration fails.
 */
export async function makeSchemaImage(sqlite3: Sqlite3Static, migrations: readonly Migration[]): Promise<SchemaImage> {
  if (migrations.length === 0) throw new Error('there are no migrations');
  const first = await runOnce(sqlite3, migrations);
  const second = await runOnce(sqlite3, migrations);
  if (first.contents !== second.contents) {
    throw new Error('two runs of the migrations on a new database left different data (a random value?): every user would share the first');
  }
  const dated = openMemoryDb(sqlite3, first.bytes);
  try {
    dateSeeded(sqliteDriver(dated, sqlite3), first.clockCells, new Date());
    if (databaseContents(dated, first.clockCells) !== first.contents) throw new Error('dating the new database changes more than its times (a trigger?)');
  } finally {
    dated.close();
  }
  const version = Math.max(...migrations.map((m) => m.version));
  return { gzipBase64: gzipSync(first.bytes, { level: 9 }).toString('base64'), version, clockCells: first.clockCells };
}

/**
 * `import schemaImage from 'virtual:schema-image'`: the image for these migrations, or null
 * (with a warning) when it cannot be made; a first start then runs the migrations, and a broken
 * one fails there, on the app's own error screen.
 */
export function schemaImage(options: { dir: string }): Plugin {
  const dir = resolve(options.dir);
  return {
    name: 'upwork-researcher:schema-image',
    resolveId: (id) => (id === SCHEMA_IMAGE_MODULE ? RESOLVED : undefined),
    async load(id) {
      if (id !== RESOLVED) return undefined;
      let image: SchemaImage | null = null;
      try {
        const migrations = readMigrations(dir);
        for (const m of migrations) this.addWatchFile(resolve(dir, m.file));
        image = await makeSchemaImage(await loadSqlite(), migrations);
      } catch (e) {
        this.warn(`no schema image for the migrations in ${dir}: a first start will run them (${e instanceof Error ? e.message : String(e)})`);
      }
      return `export default ${JSON.stringify(image)};`;
    },
    configureServer(server) {
      // A migration edited in `npm run dev` makes another image (embed-migrations reloads the page).
      server.watcher.on('all', (_event, path) => {
        if (resolve(path).startsWith(dir)) invalidateModule(server, RESOLVED);
      });
    },
  };
}
