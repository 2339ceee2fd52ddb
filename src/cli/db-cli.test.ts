import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import all from 'virtual:migrations';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigration, refineryChecksum, type Migration } from '../migrate/index.ts';
import { FIXTURES as DESKTOP } from '../testing/desktop-fixture-data.ts';
import { OtherProgram } from '../testing/other-program.ts';
import { EXIT, runDbCli } from './db-cli.ts';
import { nativeSqlite } from './native-sqlite.ts';

const FIXTURES = 'src/testing/fixtures';
// This app's first two migrations: the refinery-*.sqlite3 fixtures were written by refinery at V2
// (this app's lineage), and these tests add their own V3.
const bundled = all.filter((m) => m.version <= 2);
const newest = all[all.length - 1];
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'db-cli-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], migrations: readonly Migration[] = bundled) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDbCli(args, migrations, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const file = (name: string, body: string | Uint8Array = '') => { const p = join(dir, name); writeFileSync(p, body); return p; };
const fixture = (name: string) => { const p = join(dir, name); copyFileSync(join(FIXTURES, name), p); return p; };
const snapshot = (p: string) => ({ bytes: readFileSync(p), mtime: statSync(p).mtimeMs });
/** Reads the file afresh, as another program would, after SQLite's full integrity check. */
const query = (p: string, sql: string) => {
  const db = nativeSqlite()(p, { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally { db.close(); }
};
const backups = () => readdirSync(dir).filter((f) => f.includes('.backup-'));
const v3 = loadMigration('V3__add_status_to_proposals.sql', 'ALTER TABLE proposals ADD COLUMN status TEXT;\n');
const broken = loadMigration('V3__broken.sql', 'ALTER TABLE proposals ADD COLUMN status TEXT;\nINSERT INTO nowhere VALUES (1);\n');

describe('npm run db on the desktop app\'s database', () => {
  const desktopFixture = (path: string, withWal = false) => {
    const p = join(dir, 'upwork-researcher.db');
    copyFileSync(path, p);
    if (withWal) copyFileSync(`${path}-wal`, `${p}-wal`);
    return p;
  };

  it.each([
    [DESKTOP.v27crlf, false, /the desktop app's database at V27 \(release v0\.1\.1\), migrations with CRLF line endings \(a Windows build\) \(WAL mode\)/],
    [DESKTOP.v30lf, false, /the desktop app's database at V30 \(a build after release v0\.1\.1\), migrations with LF line endings \(a macOS or Linux build\)/],
    [DESKTOP.v30crlfLive, true, /at V30 .*CRLF/],
  ])('status recognises %s and says how to bring it in, changing nothing', async (path, withWal, words) => {
    const p = desktopFixture(path, withWal);
    const before = snapshot(p);
    const r = await cli(['status', p], all);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(words);
    expect(r.out).toContain('applied  V1__create_proposals_table');
    expect(r.out).toContain('"Import a JSON export or a database file"');
    expect(r.out).not.toMatch(/divergent|different than/);
    expect(snapshot(p)).toEqual(before);
    const json = JSON.parse((await cli(['status', p, '--json'], all)).out);
    expect(json.desktop).toEqual({ version: path === DESKTOP.v27crlf ? 27 : 30, lineEndings: path === DESKTOP.v30lf ? 'LF' : 'CRLF' });
  });

  it('migrate and verify refuse it (the app brings it in), leaving it as it was, without a backup', async () => {
    const p = desktopFixture(DESKTOP.v27lf);
    const before = snapshot(p);
    for (const cmd of ['verify', 'migrate', 'baseline']) {
      const r = await cli([cmd, p], all);
      expect(r.code).toBe(EXIT.refused);
      expect(r.err).toMatch(/is the desktop app's database at V27 .*: it is not migrated with this CLI/);
    }
    expect(snapshot(p)).toEqual(before);
    expect(backups()).toEqual([]);
  });

  it('refuses another application\'s refinery history, saying what it is', async () => {
    const p = desktopFixture(DESKTOP.v27lf);
    const db = nativeSqlite()(p);
    db.exec(`DELETE FROM refinery_schema_history WHERE version > 1; UPDATE refinery_schema_history SET name = 'create_users', checksum = '7'`);
    db.close();
    const r = await cli(['status', p], all);
    expect(r.code).toBe(EXIT.refused);
    expect(r.err).toMatch(/the refinery migration history of another application \(its first migration is V1__create_users, checksum 7; neither this app's V1__initial_schema nor the desktop app's V1__create_proposals_table\)/);
  });

  it('status refuses a lookalike, naming the migration whose checksum no desktop build has', async () => {
    const p = desktopFixture(DESKTOP.v30lf);
    const db = nativeSqlite()(p);
    db.exec(`UPDATE refinery_schema_history SET checksum = '12345' WHERE version = 12`);
    db.close();
    const r = await cli(['status', p], all);
    expect(r.code).toBe(EXIT.refused);
    expect(r.err).toMatch(/its V12__add_job_scores_table has the checksum 12345, which no desktop build has/);
  });
});

describe('npm run db', () => {
  it('migrate: an empty file becomes a new database at V2', async () => {
    const p = file('new.sqlite3');
    const r = await cli(['migrate', p]);
    expect(r).toMatchObject({ code: EXIT.ok });
    expect(r.out).toMatch(/V0 → V2/);
    expect(query(p, 'SELECT version, checksum FROM refinery_schema_history')).toEqual([
      { version: 1, checksum: '105872891364838878' }, { version: 2, checksum: '4782535381122879736' },
    ]);
    expect(readdirSync(dir)).toEqual(['new.sqlite3']); // no backup of an empty file, no temp file left
  });

  it('a command with nothing to do leaves the file untouched', async () => {
    const p = fixture('refinery-made.sqlite3');
    const before = snapshot(p);
    for (const cmd of ['status', 'verify', 'migrate', 'baseline']) expect((await cli([cmd, p])).code).toBe(EXIT.ok);
    expect(snapshot(p)).toEqual(before);
    expect(readdirSync(dir)).toEqual(['refinery-made.sqlite3']);
  });

  it('status lists a refinery database history and what is pending', async () => {
    const r = await cli(['status', fixture('refinery-made.sqlite3')], [...bundled, v3]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('schema version 2');
    expect(r.out).toContain('applied  V1__initial_schema  2025-03-14T09:26:53.589793238Z  105872891364838878');
    expect(r.out).toContain('pending  V3__add_status_to_proposals');
  });

  it.each(['refinery-made.sqlite3', 'refinery-made-wal.sqlite3'])('migrates a database made by refinery (%s), after a backup', async (name) => {
    const p = fixture(name);
    const original = readFileSync(p);
    const r = await cli(['migrate', p], [...bundled, v3]);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(query(p, 'SELECT version, applied_on FROM refinery_schema_history ORDER BY version').map((x) => x.version)).toEqual([1, 2, 3]);
    expect(query(p, `SELECT applied_on FROM refinery_schema_history WHERE version = 1`)).toEqual([{ applied_on: '2025-03-14T09:26:53.589793238Z' }]);
    expect(query(p, 'SELECT count(*) AS n, count(status) AS s FROM proposals')).toEqual([{ n: 2, s: 0 }]);
    // The journal mode the desktop app chose is kept.
    expect([...readFileSync(p).subarray(18, 20)]).toEqual([...original.subarray(18, 20)]);
    const backups = readdirSync(dir).filter((f) => f.includes('.backup-v2-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0]))).toEqual(original);
  });

  it('refuses a divergent history with exit 1 and writes nothing', async () => {
    const p = fixture('refinery-made.sqlite3');
    const before = snapshot(p);
    const sql = bundled[1].sql.replace('light', 'dark');
    const edited = [bundled[0], { ...bundled[1], sql, checksum: refineryChecksum(2, 'add_settings_table', sql) }];
    for (const cmd of ['migrate', 'verify', 'status']) {
      const r = await cli([cmd, p], edited);
      expect(r.code).toBe(EXIT.refused);
      expect(r.err).toMatch(/refused: applied migration V2__add_settings_table is different/);
    }
    expect(snapshot(p)).toEqual(before);
  });

  it('refuses a database newer than the app (missing) with exit 1', async () => {
    const p = fixture('refinery-made.sqlite3');
    await cli(['migrate', p], [...bundled, v3]);
    const r = await cli(['migrate', p]);
    expect(r.code).toBe(EXIT.refused);
    expect(r.err).toMatch(/V3__add_status_to_proposals is missing from the filesystem/);
  });

  it('a failing migration exits 2 and leaves the file byte-identical', async () => {
    const p = fixture('refinery-made.sqlite3');
    const before = snapshot(p);
    const r = await cli(['migrate', p], [...bundled, broken]);
    expect(r.code).toBe(EXIT.failed);
    expect(r.err).toMatch(/migration V3__broken failed at line 2: .*no such table: nowhere/);
    expect(r.err).toContain('was not changed');
    expect(snapshot(p)).toEqual(before);
    // Nothing is left beside it: the backup of an unchanged file is removed, and no journal stays.
    expect(readdirSync(dir)).toEqual(['refinery-made.sqlite3']);
  });

  it('target and baseline', async () => {
    const p = file('t.sqlite3');
    expect((await cli(['migrate', p, '--target', '1'])).code).toBe(EXIT.ok);
    expect(query(p, 'SELECT max(version) AS v FROM refinery_schema_history')).toEqual([{ v: 1 }]);
    const b = await cli(['baseline', p, '--json']);
    expect(JSON.parse(b.out)).toMatchObject({ mode: 'baseline', fromVersion: 1, toVersion: 2 });
    expect(query(p, `SELECT count(*) AS n FROM sqlite_master WHERE name = 'settings'`)).toEqual([{ n: 0 }]);
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.sqlite3'), /no such file/],
    ['a folder', () => { mkdirSync(join(dir, 'folder')); return join(dir, 'folder'); }, /not a file/],
    ['a text file', () => file('notes.txt', 'hello, this is not a database at all, but it is long enough to have a header. '.repeat(3)), /not an SQLite database/],
    ['random bytes', () => file('noise.bin', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)), /not an SQLite database/],
    ['a tiny file', () => file('tiny.sqlite3', 'SQLite'), /not an SQLite database/],
    ['a truncated database', () => file('cut.sqlite3', readFileSync(join(FIXTURES, 'refinery-made.sqlite3')).subarray(0, 5000)), /corrupt|cannot be read/],
    ['a database with garbage pages', () => {
      const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'refinery-made.sqlite3')));
      bytes.fill(0x5a, 4096, 12288);
      return file('mangled.sqlite3', bytes);
    }, /corrupt|cannot be read/],
    ['a hot journal beside it', () => { const p = fixture('refinery-made.sqlite3'); writeFileSync(`${p}-journal`, 'x'); return p; }, /rollback journal/],
  ])('bad input: %s exits 3 and changes nothing', async (_, make, message) => {
    const p = make();
    const before = statSync(p, { throwIfNoEntry: false })?.isFile() ? snapshot(p) : null;
    for (const cmd of ['status', 'migrate']) {
      const r = await cli([cmd, p]);
      expect(r.code).toBe(EXIT.badInput);
      expect(r.err).toMatch(message);
    }
    if (before) expect(snapshot(p)).toEqual(before);
  });

  it.each([[[]], [['frobnicate', 'x']], [['migrate']], [['migrate', 'x', '--target', 'abc']], [['status', 'x', '--bogus']]])('bad command line %j exits 64 with usage', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('usage: npm run db');
  });

  it('runs as `npm run db` in a real process with the bundled migrations', () => {
    const p = file('real.sqlite3');
    const run = (cmd: string, ...flags: string[]) => spawnSync('npm', ['run', '--silent', 'db', '--', cmd, p, ...flags], { encoding: 'utf8' });
    expect(run('migrate').status).toBe(0);
    const status = run('status');
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`applied  V${newest.version}__${newest.name}`);
    expect(status.stdout).toContain('up to date');
    // --json prints the JSON alone (npm's own "> script" banner is what --silent removes).
    const json = run('status', '--json');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).history.at(-1)).toMatchObject({ version: newest.version, name: newest.name });
    const garbage = spawnSync('npm', ['run', '--silent', 'db', '--', 'status', file('junk', 'x'.repeat(200))], { encoding: 'utf8' });
    expect(garbage.status).toBe(3);
  }, 60_000);
});

describe('real files: links, modes, journals', () => {
  it('keeps the file\'s mode (it holds the API key): 600 stays 600, and so is the backup', async () => {
    const p = fixture('refinery-made.sqlite3');
    chmodSync(p, 0o600);
    expect((await cli(['migrate', p], [...bundled, v3])).code).toBe(EXIT.ok);
    expect(statSync(p).mode & 0o777).toBe(0o600);
    expect(backups().map((b) => statSync(join(dir, b)).mode & 0o777)).toEqual([0o600]);
  });

  it('backs up a non-empty file that has no history (someone\'s own database) before changing it', async () => {
    const p = file('own.sqlite3');
    const own = nativeSqlite()(p);
    own.exec('CREATE TABLE notes (x); INSERT INTO notes VALUES (1);');
    own.close();
    const original = readFileSync(p);
    const r = await cli(['migrate', p]);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(backups()).toEqual([expect.stringContaining('.backup-v0-')]);
    expect(readFileSync(join(dir, backups()[0]))).toEqual(original);
    expect(query(p, 'SELECT x FROM notes')).toEqual([{ x: 1 }]);
  });

  it.each(['persist', 'truncate'] as const)('reads and migrates a database whose journal was left by %s mode', async (mode) => {
    const p = fixture('refinery-made.sqlite3');
    const other = await OtherProgram.open(p, mode);
    await other.sql('CREATE TABLE other_rows (n)');
    await other.close();
    expect(statSync(`${p}-journal`).isFile()).toBe(true); // what the mode leaves behind
    expect((await cli(['status', p])).code).toBe(EXIT.ok);
    const r = await cli(['migrate', p], [...bundled, v3]);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(query(p, 'SELECT max(version) AS v FROM refinery_schema_history')).toEqual([{ v: 3 }]);
  });

  it('follows a symlink to a file a program left mid-write: refuses, changes nothing, and migrates once SQLite rolled the write back', async () => {
    const real = fixture('refinery-made.sqlite3');
    const link = join(dir, 'link.sqlite3');
    symlinkSync(real, link);
    const other = await OtherProgram.open(real, 'delete');
    await other.sql('CREATE TABLE other_rows (n)');
    await other.sql('PRAGMA cache_size = 2'); // small enough that the write spills into the file
    await other.sql('BEGIN');
    await other.sql('INSERT INTO other_rows SELECT randomblob(2000) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500) SELECT x FROM c)');
    await other.crash();
    const hot = { file: readFileSync(real), journal: readFileSync(`${real}-journal`) };
    expect(hot.journal[0]).not.toBe(0);
    for (const cmd of ['status', 'migrate']) {
      const r = await cli([cmd, link], [...bundled, v3]);
      expect(r.code).toBe(EXIT.badInput);
      expect(r.err).toMatch(/rollback journal \(.*refinery-made\.sqlite3-journal\) is beside it: a program stopped in the middle of a write/);
    }
    expect({ file: readFileSync(real), journal: readFileSync(`${real}-journal`) }).toEqual(hot);
    expect(backups()).toEqual([]);

    const recover = nativeSqlite()(real); // as `sqlite3 file 'PRAGMA quick_check'` would: the half-written transaction is rolled back
    expect(recover.pragma('quick_check', { simple: true })).toBe('ok');
    recover.close();
    expect((await cli(['migrate', link], [...bundled, v3])).code).toBe(EXIT.ok);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(query(real, 'SELECT count(*) AS n FROM other_rows')).toEqual([{ n: 0 }]);
    expect(query(real, 'SELECT max(version) AS v FROM refinery_schema_history')).toEqual([{ v: 3 }]);
    expect(backups()).toEqual([expect.stringMatching(/^refinery-made\.sqlite3\.backup-v2-/)]); // beside the real file
  });

  it('two failed runs in a row each report the migration\'s error, and leave no backup', async () => {
    const p = fixture('refinery-made.sqlite3');
    for (let i = 0; i < 2; i++) {
      const r = await cli(['migrate', p], [...bundled, broken]);
      expect(r.code).toBe(EXIT.failed);
      expect(r.err).toMatch(/V3__broken failed at line 2/);
    }
    expect(backups()).toEqual([]);
  });
});

describe('another program has the file open (Python\'s sqlite3, the system SQLite)', () => {
  const fixtures = { delete: 'refinery-made.sqlite3', wal: 'refinery-made-wal.sqlite3' } as const;
  // Slow enough (a few hundred ms) that the other program's writes fall during the run.
  const slow = loadMigration('V3__big_table.sql',
    'CREATE TABLE big AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400000) SELECT x, hex(randomblob(16)) AS y FROM c;\n');
  let other: OtherProgram | undefined;
  afterEach(async () => { await other?.close().catch(() => {}); other = undefined; });

  it.each(['delete', 'wal'] as const)('in %s mode, idle: migrate runs, and the other program\'s next write lands beside it', async (mode) => {
    const p = fixture(fixtures[mode]);
    other = await OtherProgram.open(p, mode);
    await other.sql('CREATE TABLE other_rows (n)');
    await other.sql('INSERT INTO other_rows VALUES (1)'); // in WAL mode it stays in the -wal file
    const r = await cli(['migrate', p], [...bundled, v3]);
    expect(r.code, r.err).toBe(EXIT.ok);
    await other.sql('INSERT INTO other_rows VALUES (2)');
    expect(await other.sql('SELECT max(version) FROM refinery_schema_history')).toEqual([[3]]);
    await other.close();
    expect(query(p, 'SELECT n FROM other_rows ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }]);
    expect(query(p, 'SELECT count(status) AS s FROM proposals')).toEqual([{ s: 0 }]);
  });

  it.each(['delete', 'wal'] as const)('in %s mode, every row it commits while migrate runs is kept', async (mode) => {
    const p = fixture(fixtures[mode]);
    other = await OtherProgram.open(p, mode);
    await other.sql('CREATE TABLE other_rows (n)');
    const loop = other.writeLoop('INSERT INTO other_rows VALUES (?)');
    await new Promise((r) => setTimeout(r, 150));
    const r = await cli(['migrate', p, '--wait', '20000'], [...bundled, slow]);
    await new Promise((r) => setTimeout(r, 150));
    const committed = await loop.stop();
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(committed).toBeGreaterThan(0);
    expect(query(p, 'SELECT count(*) AS n, count(DISTINCT n) AS d FROM other_rows')).toEqual([{ n: committed, d: committed }]);
    expect(query(p, 'SELECT count(*) AS n FROM big')).toEqual([{ n: 400000 }]);
  }, 60_000);

  it('while it is writing, migrate waits, then gives up (exit 4) and changes nothing; its row is kept', async () => {
    const p = fixture(fixtures.delete);
    other = await OtherProgram.open(p, 'delete');
    await other.sql('CREATE TABLE other_rows (n)');
    await other.sql('BEGIN IMMEDIATE');
    await other.sql('INSERT INTO other_rows VALUES (1)');
    const before = snapshot(p);
    const r = await cli(['migrate', p, '--wait', '300'], [...bundled, v3]);
    expect(r.code).toBe(EXIT.busy);
    expect(r.err).toMatch(/another program is using it .*300 ms/);
    expect(r.err).toContain('was not changed');
    expect(snapshot(p)).toEqual(before);
    expect(backups()).toEqual([]);
    await other.sql('COMMIT');
    expect((await cli(['migrate', p], [...bundled, v3])).code).toBe(EXIT.ok);
    expect(query(p, 'SELECT n FROM other_rows')).toEqual([{ n: 1 }]);
  });

  it('while it is reading (rollback journal), migrate cannot commit: it gives up at the end, file unchanged, no backup', async () => {
    const p = fixture(fixtures.delete);
    other = await OtherProgram.open(p, 'delete');
    await other.sql('BEGIN');
    await other.sql('SELECT count(*) FROM proposals');
    const before = snapshot(p);
    const r = await cli(['migrate', p, '--wait', '300'], [...bundled, v3]);
    expect(r.code).toBe(EXIT.busy);
    expect(snapshot(p)).toEqual(before);
    expect(backups()).toEqual([]);
    await other.sql('COMMIT');
    expect(query(p, 'SELECT max(version) AS v FROM refinery_schema_history')).toEqual([{ v: 2 }]);
  });
});
