import all from 'virtual:migrations';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testDb, type TestDb } from '../testing/sqlite.ts';
import {
  DivergentMigrationError, ForeignKeyCheckError, HISTORY_DDL, InvalidHistoryError, loadMigration, migrate,
  MigrationFailedError, MissingMigrationError, readHistory, refineryChecksum, type Migration,
} from './index.ts';

// The two migrations shipped by the desktop app: these tests are about them and the engine.
const bundled = all.filter((m) => m.version <= 2);
const APPLIED_ON = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z$/;
const m = (version: number, name: string, sql: string): Migration => loadMigration(`V${version}__${name}.sql`, sql);
const open: TestDb[] = [];
const fresh = (bytes?: Uint8Array) => { const t = testDb(bytes); open.push(t); return t; };
afterEach(() => { open.splice(0).forEach((t) => t.close()); });

const history = (t: TestDb) => t.db.query('SELECT version, name, applied_on, checksum FROM refinery_schema_history ORDER BY version');

/** A database at V2 holding a row of user data, and its bytes. */
async function atV2() {
  const t = fresh();
  await migrate(t.db, bundled);
  t.db.exec(`INSERT INTO proposals (job_content, generated_text) VALUES ('job', 'proposal')`);
  return { t, bytes: t.bytes() };
}

describe('a new database', () => {
  it('gets V1 and V2 with refinery-exact history rows', async () => {
    const t = fresh();
    // A clock that moves one tick per reading: each migration is timed by the two readings around it.
    let tick = 0;
    const report = await migrate(t.db, bundled, { clock: () => tick++ });
    expect(report).toMatchObject({ mode: 'migrate', fromVersion: 0, toVersion: 2, backup: null });
    expect(report.applied.map((a) => [a.version, a.name, a.ms])).toEqual([[1, 'initial_schema', 1], [2, 'add_settings_table', 1]]);
    expect(report.totalMs).toBe(tick - 1);
    expect(report.totalMs).toBeGreaterThanOrEqual(4);
    const rows = history(t);
    expect(rows.map((r) => [r.version, r.name, r.checksum])).toEqual([
      [1, 'initial_schema', '105872891364838878'],
      [2, 'add_settings_table', '4782535381122879736'],
    ]);
    for (const r of rows) expect(r.applied_on).toMatch(APPLIED_ON);
    const ddl = t.db.query(`SELECT sql FROM sqlite_master WHERE name = 'refinery_schema_history'`)[0].sql;
    expect(ddl).toBe(HISTORY_DDL.replace('IF NOT EXISTS ', '').replace(/;$/, ''));
    expect(t.db.query(`SELECT name FROM sqlite_master WHERE name = 'sqlite_autoindex_refinery_schema_history_1'`)).toHaveLength(1);
    expect(t.db.query(`SELECT typeof(checksum) AS t, typeof(version) AS v FROM refinery_schema_history`)).toEqual([
      { t: 'text', v: 'integer' }, { t: 'text', v: 'integer' },
    ]);
  });

  it('has the V2 schema column by column', async () => {
    const t = fresh();
    await migrate(t.db, bundled);
    const cols = (table: string) =>
      t.db.query(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_xinfo('${table}') ORDER BY cid`);
    expect(cols('proposals')).toEqual([
      { name: 'id', type: 'INTEGER', notnull: 0, dflt_value: null, pk: 1 },
      { name: 'job_content', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
      { name: 'generated_text', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
      { name: 'created_at', type: 'TEXT', notnull: 1, dflt_value: "datetime('now')", pk: 0 },
      { name: 'updated_at', type: 'TEXT', notnull: 0, dflt_value: null, pk: 0 },
    ]);
    expect(cols('settings')).toEqual([
      { name: 'key', type: 'TEXT', notnull: 0, dflt_value: null, pk: 1 },
      { name: 'value', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
      { name: 'updated_at', type: 'TEXT', notnull: 1, dflt_value: "datetime('now')", pk: 0 },
    ]);
    // AUTOINCREMENT is what creates sqlite_sequence; id is a rowid alias (no autoindex for it).
    expect(t.db.query(`SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'`)).toHaveLength(1);
    expect(t.db.query(`SELECT sql FROM sqlite_master WHERE name = 'proposals'`)[0].sql).toMatch(/PRIMARY KEY AUTOINCREMENT/);
    expect(t.db.query(`SELECT name, "unique", origin FROM pragma_index_list('proposals')`)).toEqual([
      { name: 'idx_proposals_created_at', unique: 0, origin: 'c' },
    ]);
    expect(t.db.query(`SELECT name FROM pragma_index_info('idx_proposals_created_at')`)).toEqual([{ name: 'created_at' }]);
    expect(t.db.query(`SELECT name, "unique", origin FROM pragma_index_list('settings')`)).toEqual([
      { name: 'sqlite_autoindex_settings_1', unique: 1, origin: 'pk' },
    ]);
    expect(t.db.query(`SELECT key, value FROM settings ORDER BY key`)).toEqual([
      { key: 'api_provider', value: 'anthropic' }, { key: 'theme', value: 'light' },
    ]);
  });

  it('a second run changes nothing and makes no backup', async () => {
    const { t, bytes } = await atV2();
    const backup = vi.fn(() => 'never');
    const report = await migrate(t.db, bundled, { backup });
    expect(report).toMatchObject({ fromVersion: 2, toVersion: 2, applied: [], backup: null });
    expect(backup).not.toHaveBeenCalled();
    expect(t.bytes()).toEqual(bytes);
  });
});

describe('a failing migration', () => {
  const good3 = m(3, 'add_status', 'ALTER TABLE proposals ADD COLUMN status TEXT;\n');
  const good4 = m(4, 'add_index', 'CREATE INDEX idx_status ON proposals(status);\n');
  const broken = (version: number) =>
    m(version, 'broken', `-- a comment line\nCREATE TABLE ok_${version} (x);\n\nINSERT INTO no_such_table VALUES (1);\n`);

  it.each([
    ['first', [broken(3), m(4, 'b', 'SELECT 1;'), m(5, 'c', 'SELECT 1;')], 3],
    ['middle', [good3, broken(4), m(5, 'c', 'SELECT 1;')], 4],
    ['last', [good3, good4, broken(5)], 5],
  ])('in %s position leaves the database byte-identical and names it', async (_, extra, failing) => {
    const { t, bytes } = await atV2();
    const backup = vi.fn(() => 'backup-name');
    const err = await migrate(t.db, [...bundled, ...extra], { backup }).catch((e) => e);
    expect(err).toBeInstanceOf(MigrationFailedError);
    expect(err).toMatchObject({ version: failing, migrationName: 'broken', line: 4, statement: 'INSERT INTO no_such_table VALUES (1);' });
    expect(err.sqliteMessage).toMatch(/no such table: no_such_table/);
    expect(err.message).toContain(`V${failing}__broken`);
    expect(err.message).toContain('line 4');
    expect(backup).toHaveBeenCalledOnce();
    expect(t.bytes()).toEqual(bytes);
  });

  it('on a new database leaves it empty', async () => {
    const t = fresh();
    const before = t.bytes();
    await expect(migrate(t.db, [...bundled, m(3, 'broken', 'SELEC 1;')])).rejects.toThrow(/V3__broken failed at line 1: .*syntax error/);
    expect(t.bytes()).toEqual(before);
    expect(t.db.query(`SELECT count(*) AS n FROM sqlite_master`)).toEqual([{ n: 0 }]);
  });

  it('that breaks a foreign key is rolled back', async () => {
    const { t, bytes } = await atV2();
    const fk = m(3, 'notes', `CREATE TABLE notes (id INTEGER PRIMARY KEY, proposal_id INTEGER REFERENCES proposals(id));
INSERT INTO notes (proposal_id) VALUES (999);\n`);
    const err = await migrate(t.db, [...bundled, fk]).catch((e) => e);
    expect(err).toBeInstanceOf(ForeignKeyCheckError);
    expect(err.violations).toEqual([{ table: 'notes', rowid: 1, parent: 'proposals' }]);
    expect(t.bytes()).toEqual(bytes);
  });

  it('can blame a statement inside a trigger file by its own line', async () => {
    const { t } = await atV2();
    const sql = `CREATE TRIGGER trg AFTER INSERT ON proposals BEGIN
  UPDATE proposals SET updated_at = 'x' WHERE id = NEW.id;
END;
CREATE TABLE t (a);
CREATE TABLE t (a);
`;
    await expect(migrate(t.db, [...bundled, m(3, 'trig', sql)])).rejects.toMatchObject({ line: 5, sqliteMessage: expect.stringMatching(/already exists/) });
  });
});

describe('verification (nothing written when it fails)', () => {
  it('divergent: an applied file was edited', async () => {
    const { t, bytes } = await atV2();
    const edited = [bundled[0], { ...bundled[1], sql: bundled[1].sql + '\n', checksum: refineryChecksum(2, 'add_settings_table', bundled[1].sql + '\n') }];
    const err = await migrate(t.db, edited).catch((e) => e);
    expect(err).toBeInstanceOf(DivergentMigrationError);
    expect(err.message).toMatch(/^applied migration V2__add_settings_table is different than filesystem one V2__add_settings_table/);
    expect(t.bytes()).toEqual(bytes);
  });

  it('divergent: an applied file was renamed', async () => {
    const { t } = await atV2();
    await expect(migrate(t.db, [bundled[0], m(2, 'settings', bundled[1].sql)])).rejects.toThrow(
      'applied migration V2__add_settings_table is different than filesystem one V2__settings',
    );
  });

  it('missing: the database is newer than the app', async () => {
    const { t } = await atV2();
    await migrate(t.db, [...bundled, m(3, 'add_status_to_proposals', 'ALTER TABLE proposals ADD COLUMN status TEXT;\n')]);
    const bytes = t.bytes();
    const err = await migrate(t.db, bundled, { backup: () => 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(MissingMigrationError);
    expect(err).toMatchObject({ version: 3, reason: 'newer-database', newestBundled: 2 });
    expect(err.message).toMatch(/^migration V3__add_status_to_proposals is missing from the filesystem/);
    expect(t.bytes()).toEqual(bytes);
  });

  it('missing: a file in the middle was deleted; the lowest problem is reported', async () => {
    const { t } = await atV2();
    await migrate(t.db, [...bundled, m(3, 'c', 'SELECT 1;'), m(4, 'd', 'SELECT 1;')]);
    await expect(migrate(t.db, [bundled[0], m(4, 'd', 'SELECT 2;')])).rejects.toMatchObject({ kind: 'missing', version: 2, reason: 'deleted' });
  });

  it('out of order: a migration older than the newest applied one', async () => {
    const t = fresh();
    await migrate(t.db, [bundled[0], m(3, 'c', 'SELECT 1;')]);
    const bytes = t.bytes();
    await expect(migrate(t.db, [...bundled, m(3, 'c', 'SELECT 1;')])).rejects.toMatchObject({ kind: 'missing', version: 2, reason: 'out-of-order' });
    expect(t.bytes()).toEqual(bytes);
  });

  it('refuses a history row refinery could not read', async () => {
    const { t } = await atV2();
    t.db.exec(`UPDATE refinery_schema_history SET applied_on = 'yesterday' WHERE version = 2`);
    await expect(migrate(t.db, bundled)).rejects.toBeInstanceOf(InvalidHistoryError);
    t.db.exec(`UPDATE refinery_schema_history SET applied_on = '2024-01-02T03:04:05.123456789-06:00', checksum = 'abc' WHERE version = 2`);
    await expect(migrate(t.db, bundled)).rejects.toThrow(/checksum "abc"/);
  });

  it('accepts refinery rows with an offset and nanoseconds', async () => {
    const { t } = await atV2();
    t.db.exec(`UPDATE refinery_schema_history SET applied_on = '2024-01-02T03:04:05.123456789-06:00'`);
    expect(readHistory(t.db)).toHaveLength(2);
    await expect(migrate(t.db, bundled)).resolves.toMatchObject({ applied: [] });
  });
});

describe('options', () => {
  const more = [...bundled, m(3, 'c', 'CREATE TABLE c (x);'), m(4, 'd', 'CREATE TABLE d (x);')];

  it('target stops at a version', async () => {
    const t = fresh();
    expect((await migrate(t.db, more, { target: 3 })).toVersion).toBe(3);
    expect(history(t).map((r) => r.version)).toEqual([1, 2, 3]);
    expect(t.db.query(`SELECT name FROM sqlite_master WHERE name = 'd'`)).toEqual([]);
    expect((await migrate(t.db, more)).applied.map((a) => a.version)).toEqual([4]);
  });

  it('verify only plans and writes nothing, not even the history table', async () => {
    const t = fresh();
    const before = t.bytes();
    const report = await migrate(t.db, more, { mode: 'verify' });
    expect(report.pending.map((p) => p.version)).toEqual([1, 2, 3, 4]);
    expect(report.toVersion).toBe(0);
    expect(t.bytes()).toEqual(before);
  });

  it('baseline records history without running SQL', async () => {
    const t = fresh();
    t.db.exec(`CREATE TABLE proposals (id INTEGER PRIMARY KEY AUTOINCREMENT, job_content TEXT NOT NULL, generated_text TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT (datetime('now')), updated_at TEXT)`);
    const report = await migrate(t.db, bundled, { mode: 'baseline', target: 1 });
    expect(report).toMatchObject({ mode: 'baseline', fromVersion: 0, toVersion: 1 });
    expect(history(t).map((r) => [r.version, r.checksum])).toEqual([[1, '105872891364838878']]);
    expect(t.db.query(`SELECT name FROM sqlite_master WHERE name = 'idx_proposals_created_at'`)).toEqual([]);
    // Then an ordinary run applies the rest for real.
    expect((await migrate(t.db, bundled)).applied.map((a) => a.version)).toEqual([2]);
    expect(t.db.query(`SELECT count(*) AS n FROM settings`)).toEqual([{ n: 2 }]);
  });

  it('reports progress for each migration', async () => {
    const onProgress = vi.fn();
    await migrate(fresh().db, more, { onProgress });
    expect(onProgress.mock.calls.map(([p]) => [p.index, p.total, p.version])).toEqual([[0, 4, 1], [1, 4, 2], [2, 4, 3], [3, 4, 4]]);
  });

  it('a failing backup aborts before anything is written', async () => {
    const { t, bytes } = await atV2();
    await expect(migrate(t.db, more, { backup: () => { throw new Error('QuotaExceededError: disk full'); } })).rejects.toThrow(/disk full/);
    expect(t.bytes()).toEqual(bytes);
  });

  it('refuses two migrations with one version', async () => {
    await expect(migrate(fresh().db, [...bundled, m(2, 'again', 'SELECT 1;')])).rejects.toThrow(/version 2 is also used by/);
  });
});

describe('inside a transaction the caller holds (the CLI keeps its lock to COMMIT)', () => {
  it('runs the batch as a savepoint: a failure undoes the batch only, and the caller\'s COMMIT decides', async () => {
    const t = fresh();
    t.db.exec('BEGIN IMMEDIATE; CREATE TABLE mine (x); INSERT INTO mine VALUES (1);');
    const failing = [...bundled, m(3, 'broken', 'CREATE TABLE t3 (x);\nINSERT INTO nowhere VALUES (1);\n')];
    await expect(migrate(t.db, failing)).rejects.toThrow(/V3__broken failed at line 2/);
    expect(t.db.query(`SELECT name FROM sqlite_master WHERE name IN ('mine', 't3', 'refinery_schema_history') ORDER BY name`))
      .toEqual([{ name: 'mine' }]);
    await migrate(t.db, bundled);
    t.db.exec('ROLLBACK'); // the caller gives up: nothing of the run stays either
    expect(t.db.query(`SELECT count(*) AS n FROM sqlite_master`)).toEqual([{ n: 0 }]);
    t.db.exec('BEGIN IMMEDIATE');
    await migrate(t.db, bundled);
    t.db.exec('COMMIT');
    expect(history(t).map((h) => h.version)).toEqual([1, 2]);
  });
});
