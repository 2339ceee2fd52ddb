import bundled from 'virtual:migrations';
import { describe, expect, it } from 'vitest';
import { databaseContents, makeSchemaImage } from '../../build/schema-image.ts';
import { formatAppliedOn, loadMigration, migrate, readHistory, type Migration } from '../../migrate/index.ts';
import { migratedDb, sqlite3, testDb } from '../../testing/sqlite.ts';
import { copyDatabase, openMemoryDb } from './sqlite-bytes.ts';
import { dateSeeded, isEmptyDatabase, SEEDED_AT, seedFromImage, sqliteDateTime } from './schema-image.ts';

const image = await makeSchemaImage(sqlite3, bundled);
const at = new Date('2031-05-06T07:08:09.250Z');
const m = (file: string, sql: string) => loadMigration(file, sql);

describe('the schema image a first start copies in', () => {
  it('is what running every migration makes: same schema and rows, its history checked and dated at the first start', async () => {
    const seeded = testDb();
    const applied = await seedFromImage(sqlite3, seeded.raw, seeded.db, image, bundled, at);
    expect(applied.map((a) => a.version)).toEqual(bundled.map((b) => b.version));

    const ran = await migratedDb();
    // The same, times aside; and the times are the first start's, where running them gives "now".
    expect(databaseContents(seeded.raw, image.clockCells)).toEqual(databaseContents(ran.raw, image.clockCells));
    expect(new Set(readHistory(seeded.db).map((h) => h.appliedOn))).toEqual(new Set([formatAppliedOn(at)]));
    expect(image.clockCells.map((c) => `${c.table}.${c.column}`)).toEqual(['settings.updated_at', 'settings.updated_at']);
    expect(seeded.db.query('SELECT DISTINCT updated_at AS t FROM settings')).toEqual([{ t: sqliteDateTime(at) }]);
    expect(seeded.db.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    // Nothing left to run, and the app works on it: a proposal written is found by its words.
    expect((await migrate(seeded.db, bundled)).applied).toEqual([]);
    seeded.db.exec(`INSERT INTO proposals (job_content, generated_text) VALUES ('Rust CLI', 'I write Rust daily')`);
    expect(seeded.db.query(`SELECT rowid FROM proposals_fts WHERE proposals_fts MATCH 'rust'`)).toHaveLength(1);
    expect(seeded.db.query('SELECT count(*) AS n FROM proposals WHERE uid IS NULL')).toEqual([{ n: 0 }]);
  });

  it('is small enough to ship inside the worker: a database of mostly empty pages, gzipped', async () => {
    expect(image.version).toBe(bundled.at(-1)!.version);
    expect((await gunzipped()).length).toBeGreaterThan(100_000);
    expect(atob(image.gzipBase64).length).toBeLessThan(12_000);
  });

  it('is not used for migrations it does not belong to: the database is left empty', async () => {
    const changed = bundled.map((b) => (b.version === 3 ? m(`V3__${b.name}.sql`, `${b.sql}\n-- edited`) : b));
    const t = testDb();
    await expect(seedFromImage(sqlite3, t.raw, t.db, image, changed, at)).rejects.toThrow(/V3__proposal_workbench/);
    expect(isEmptyDatabase(t.raw)).toBe(true);
    // Then the migrations run, as on any new database.
    expect((await migrate(t.db, changed)).toVersion).toBe(bundled.at(-1)!.version);
  });

  it('left undated by a crash after its copy, is dated at the next start, once', async () => {
    const undated = openMemoryDb(sqlite3, await gunzipped());
    const t = testDb();
    copyDatabase(sqlite3, undated, t.raw);
    undated.close();
    expect(new Set(readHistory(t.db).map((h) => h.appliedOn))).toEqual(new Set([formatAppliedOn(SEEDED_AT)]));
    expect(dateSeeded(t.db, image.clockCells, at)).toBe(true);
    expect(new Set(readHistory(t.db).map((h) => h.appliedOn))).toEqual(new Set([formatAppliedOn(at)]));
    expect(dateSeeded(t.db, image.clockCells, new Date())).toBe(false);
    expect(new Set(readHistory(t.db).map((h) => h.appliedOn))).toEqual(new Set([formatAppliedOn(at)]));
  });

  it('is refused at build time when two runs differ (a random value would be every user\'s)', async () => {
    const random: Migration[] = [m('V1__device.sql', `CREATE TABLE device (id TEXT); INSERT INTO device VALUES (lower(hex(randomblob(16))));`)];
    await expect(makeSchemaImage(sqlite3, random)).rejects.toThrow(/different data/);
  });

  it('is refused at build time when dating it would change more than its times (a trigger)', async () => {
    const logged: Migration[] = [m('V1__logged.sql', `CREATE TABLE s (k TEXT, updated_at TEXT DEFAULT (datetime('now')));
INSERT INTO s (k) VALUES ('theme');
CREATE TABLE log (n INTEGER);
CREATE TRIGGER s_logged AFTER UPDATE ON s BEGIN INSERT INTO log VALUES (1); END;`)];
    await expect(makeSchemaImage(sqlite3, logged)).rejects.toThrow(/changes more than its times/);
  });

  it('is refused at build time when a migration fails', async () => {
    await expect(makeSchemaImage(sqlite3, [m('V1__broken.sql', 'CREATE TABLE t (;')])).rejects.toThrow(/V1__broken/);
  });
});

async function gunzipped(): Promise<Uint8Array> {
  const zipped = Uint8Array.from(atob(image.gzipBase64), (c) => c.charCodeAt(0));
  return new Uint8Array(await new Response(new Blob([zipped]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}
