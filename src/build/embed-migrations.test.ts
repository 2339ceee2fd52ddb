import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import { embedMigrations } from './embed-migrations.ts';
import { readMigrations } from './read-migrations.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  dirs.push(dir);
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}

const seeds = {
  'V1__initial_schema.sql': readFileSync('migrations/V1__initial_schema.sql'),
  'V2__add_settings_table.sql': readFileSync('migrations/V2__add_settings_table.sql'),
};

/** Bundles a one-line module importing the virtual module, as the app does. */
async function bundle(dir: string): Promise<string> {
  const entry = join(dir, '..', `entry-${Date.now()}-${Math.random()}.js`);
  writeFileSync(entry, `import m from 'virtual:migrations'; export default m;`);
  try {
    const out = await build({
      configFile: false, logLevel: 'silent', plugins: [embedMigrations({ dir })],
      build: { write: false, lib: { entry, formats: ['es'], fileName: 'out' }, minify: false },
    });
    const outputs = (Array.isArray(out) ? out : [out]) as { output: { type: string; code?: string }[] }[];
    return outputs[0].output.map((o) => o.code ?? '').join('\n');
  } finally {
    rmSync(entry, { force: true });
  }
}

describe('readMigrations', () => {
  it('reads the seed migrations with their reference checksums, ignoring other files', () => {
    const dir = folder({ ...seeds, 'README.md': '# not a migration', 'nested/V3__nested.sql': 'SELECT 1;\n' });
    expect(readMigrations(dir).map((m) => [m.file, m.version, m.checksum])).toEqual([
      ['V1__initial_schema.sql', 1, '105872891364838878'],
      ['V2__add_settings_table.sql', 2, '4782535381122879736'],
      [join('nested', 'V3__nested.sql'), 3, expect.any(String)],
    ]);
  });

  it('keeps a BOM in the text it hashes', () => {
    const [withBom] = readMigrations(folder({ 'V1__a.sql': '\uFEFFSELECT 1;' }));
    expect(withBom.sql.charCodeAt(0)).toBe(0xfeff);
  });

  it.each([
    ['a bad name', { 'V3_add_status.sql': 'SELECT 1;' }, 'V3_add_status.sql: migration name must be in the format V{number}__{name}'],
    ['an out-of-range version', { 'V0__zero.sql': 'SELECT 1;' }, 'V0__zero.sql: migration version must be a valid integer'],
    ['two files with one version', { 'V02__again.sql': 'SELECT 1;' }, 'V2__add_settings_table.sql: version 2 is also used by V02__again.sql'],
    ['text that is not UTF-8', { 'V3__latin1.sql': Uint8Array.from([0x53, 0xe9, 0x3b]) }, 'V3__latin1.sql: the file is not valid UTF-8 text'],
    ['an upper-case extension', { 'V3__shout.SQL': 'SELECT 1;' }, 'V3__shout.SQL: the extension must be .sql'],
    ['an unversioned migration', { 'U3__u.sql': 'SELECT 1;' }, 'U3__u.sql: unversioned (U) migrations are not supported'],
    ['BEGIN', { 'V3__tx.sql': 'SELECT 1;\nBEGIN TRANSACTION;\n' }, 'V3__tx.sql: line 2: BEGIN controls the transaction'],
    ['COMMIT', { 'V3__tx.sql': 'COMMIT;' }, 'V3__tx.sql: line 1: COMMIT controls the transaction'],
    ['END', { 'V3__tx.sql': 'end;' }, 'line 1: END controls'],
    ['ROLLBACK', { 'V3__tx.sql': 'ROLLBACK;' }, 'line 1: ROLLBACK controls'],
    ['SAVEPOINT', { 'V3__tx.sql': 'SAVEPOINT a;' }, 'line 1: SAVEPOINT controls'],
    ['RELEASE', { 'V3__tx.sql': '\n\nRELEASE a;' }, 'line 3: RELEASE controls'],
    ['VACUUM', { 'V3__tx.sql': 'VACUUM;' }, 'line 1: VACUUM controls'],
    // PRAGMAs that end or weaken the batch transaction, or change the app's connection.
    ['PRAGMA journal_mode = OFF', { 'V3__p.sql': 'CREATE TABLE x (a);\nPRAGMA journal_mode = OFF;\n' }, 'V3__p.sql: line 2: PRAGMA journal_mode is not allowed in a migration'],
    ['PRAGMA main.journal_mode', { 'V3__p.sql': 'PRAGMA main.journal_mode=MEMORY;' }, 'line 1: PRAGMA journal_mode is not allowed'],
    ['PRAGMA synchronous = OFF', { 'V3__p.sql': 'pragma synchronous = off;' }, 'line 1: PRAGMA synchronous is not allowed'],
    ['PRAGMA locking_mode', { 'V3__p.sql': 'PRAGMA locking_mode = EXCLUSIVE;' }, 'line 1: PRAGMA locking_mode is not allowed'],
    ['PRAGMA writable_schema', { 'V3__p.sql': 'PRAGMA writable_schema = ON;' }, 'line 1: PRAGMA writable_schema is not allowed'],
    ['PRAGMA "quoted" journal_mode', { 'V3__p.sql': 'PRAGMA "journal_mode" = OFF;' }, 'line 1: PRAGMA journal_mode is not allowed'],
    ['PRAGMA legacy_alter_table', { 'V3__p.sql': 'PRAGMA legacy_alter_table = ON;' }, 'line 1: PRAGMA legacy_alter_table is not allowed'],
  ])('refuses %s, naming the file', (_, files, message) => {
    expect(() => readMigrations(folder({ ...seeds, ...files }))).toThrow(message);
  });

  it('allows the PRAGMAs that read, check or write inside the transaction', () => {
    const sql = 'PRAGMA foreign_keys = ON;\nPRAGMA user_version = 7;\nPRAGMA main.table_info(proposals);\nPRAGMA foreign_key_check;\n';
    expect(readMigrations(folder({ ...seeds, 'V3__ok.sql': sql }))).toHaveLength(3);
  });

  it('allows a trigger body with BEGIN … END', () => {
    const sql = 'CREATE TRIGGER t AFTER INSERT ON proposals BEGIN\n  UPDATE proposals SET updated_at = NULL;\nEND;\n';
    expect(readMigrations(folder({ ...seeds, 'V3__trigger.sql': sql }))).toHaveLength(3);
  });
});

describe('embedMigrations (Vite plugin)', () => {
  it('embeds every migration with its checksum', async () => {
    const dir = folder(seeds);
    const out = join(dir, 'bundle.mjs');
    writeFileSync(out, await bundle(dir));
    const { default: embedded } = await import(pathToFileURL(out).href);
    const at = (lines: number[], keywords: string[]) => lines.map((line, i) => expect.objectContaining({ line, keyword: keywords[i] }));
    expect(embedded).toEqual([
      { version: 1, name: 'initial_schema', sql: seeds['V1__initial_schema.sql'].toString(), checksum: '105872891364838878', statements: at([1, 8], ['CREATE', 'CREATE']) },
      { version: 2, name: 'add_settings_table', sql: seeds['V2__add_settings_table.sql'].toString(), checksum: '4782535381122879736', statements: at([1, 6, 7], ['CREATE', 'INSERT', 'INSERT']) },
    ]);
    const [v1] = embedded;
    expect(v1.sql.slice(v1.statements[1].start, v1.statements[1].end)).toBe('CREATE INDEX IF NOT EXISTS idx_proposals_created_at ON proposals(created_at);');
  });

  it('fails the build, naming the file and the reason', async () => {
    const dir = folder({ ...seeds, 'V3__bad-name.sql': 'SELECT 1;' });
    await expect(bundle(dir)).rejects.toThrow(/V3__bad-name\.sql: migration name must be in the format/);
  });
});

describe('embedMigrations in the dev server', () => {
  it('reloads the page and serves the new text when a migration changes', async () => {
    const { createServer } = await import('vite');
    const dir = folder(seeds);
    const server = await createServer({
      configFile: false, logLevel: 'silent', root: dir, plugins: [embedMigrations({ dir })],
      server: { port: 0, watch: { usePolling: true, interval: 50 } },
    });
    const sent: unknown[] = [];
    const send = server.ws.send.bind(server.ws);
    server.ws.send = ((payload: unknown) => { sent.push(payload); return send(payload as never); }) as typeof server.ws.send;
    try {
      await server.listen();
      const load = async () => (await server.ssrLoadModule('virtual:migrations')).default as { version: number }[];
      expect((await load()).map((m) => m.version)).toEqual([1, 2]);
      writeFileSync(join(dir, 'V3__added_in_dev.sql'), 'CREATE TABLE dev (x);\n');
      await expect.poll(() => sent.some((p) => (p as { type?: string }).type === 'full-reload'), { timeout: 10_000 }).toBe(true);
      expect((await load()).map((m) => m.version)).toEqual([1, 2, 3]);
    } finally {
      await server.close();
    }
  });
});
