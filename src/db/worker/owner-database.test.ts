import { readFileSync } from 'node:fs';
import bundled from 'virtual:migrations';
import { describe, expect, it } from 'vitest';
import { loadMigration, type Migration } from '../../migrate/index.ts';
import { sqlite3, testDb } from '../../testing/sqlite.ts';
import type { StartupState } from '../api.ts';
import { exportDb, openMemoryDb } from '../sqlite/sqlite-bytes.ts';
import { openAppDatabaseFile } from './import-database-file.ts';
import { createExecutor } from './executor.ts';
import { openSyncController } from './sync-controller.ts';
import { databaseOperations } from './operations.ts';
import { randomId } from '../domain/random-id.ts';
import { memorySecretKey, secretBox } from './secret-box.ts';
import { isSealedSecret } from '../domain/settings.ts';
import { decodePairing, encodePairing } from '../../sync/pairing.ts';
import { openOwnerDatabase } from './owner-database.ts';
import { makeSchemaImage } from '../../build/schema-image.ts';
import type { SchemaImage } from '../sqlite/schema-image.ts';
import { DatabaseLockedError, StorageUnavailableError, type DatabaseLock, type DatabaseStorage } from './storage.ts';

/** Storage as bytes in memory, as OPFS holds them: what start-up writes is read back from here. */
function memoryStorage(initial: Uint8Array = new Uint8Array(), options: { unavailable?: string; connect?: () => Error | null } = {}) {
  const backups = new Map<string, Uint8Array>();
  let raw: ReturnType<typeof openMemoryDb> | null = null;
  const released = { count: 0 };
  const checkpoints = { count: 0 };
  const storage: DatabaseStorage = {
    unavailableReason: () => options.unavailable ?? null,
    async connect() {
      const refused = options.connect?.();
      if (refused) throw refused;
      return {
        fileName: '/test.sqlite3', vfs: 'memory-test',
        open: () => (raw = openMemoryDb(sqlite3, initial)),
        exportFile: () => (raw ? exportDb(sqlite3, raw) : new Uint8Array(initial)),
        replaceFile: (bytes) => { initial = bytes; raw = null; },
        release: () => void released.count++,
        checkpoint: (db) => {
          expect(db).toBe(raw); // the open database, not some other
          checkpoints.count++;
        },
      };
    },
    async writeBackup(bytes, fromVersion) { const name = `backup-v${fromVersion ?? 'unknown'}`; backups.set(name, bytes); return name; },
    async listBackups() { return [...backups.keys()].map((name) => ({ name, kind: 'update' as const, fromVersion: 0, createdAt: '', size: backups.get(name)!.length })); },
    async readBackup(name) { return backups.get(name)!; },
    async deleteBackup(name) { backups.delete(name); },
    async estimate() { return { usage: null, quota: null }; },
  };
  return { storage, backups, released, checkpoints };
}

/** A lock another tab may hold; `release()` hands it over. */
function lock(heldElsewhere = false) {
  let release!: () => void;
  const freed = new Promise<void>((r) => { release = r; });
  const state = { releasedByUs: 0 };
  const l: DatabaseLock = { tryAcquire: async () => !heldElsewhere, acquire: () => freed, release: () => void state.releasedByUs++ };
  return { lock: l, release, state };
}

const quiet = { info: () => {}, error: () => {} };

function start(deps: { storage: DatabaseStorage; lock: DatabaseLock; migrations?: readonly Migration[]; schemaImage?: SchemaImage }) {
  const seen: StartupState[] = [];
  const s = openOwnerDatabase({
    loadSqlite: async () => sqlite3, migrations: deps.migrations ?? bundled, schemaImage: deps.schemaImage, storage: deps.storage, lock: deps.lock, log: quiet, retryDelays: [1],
  });
  s.onChange((state) => seen.push(state));
  const until = async (phase: StartupState['phase'], also: (state: StartupState) => boolean = () => true) => {
    const reached = () => s.state.phase === phase && also(s.state);
    for (let i = 0; i < 200 && !reached(); i++) await new Promise((r) => setTimeout(r, 1));
    expect(s.state.phase).toBe(phase);
    return s.state;
  };
  return { s, seen, until };
}

const refineryMade = () => new Uint8Array(readFileSync('src/testing/fixtures/refinery-made.sqlite3'));

describe("the owner's database", () => {
  it('migrates a new database and serves it, with numbered states in order', async () => {
    const { s, seen, until } = start({ storage: memoryStorage().storage, lock: lock().lock });
    await until('ready');
    const session = await s.session();
    expect(session.storage).not.toBeNull();
    expect(session.report.toVersion).toBe(bundled.at(-1)!.version);
    expect(seen.map((x) => x.phase)).toEqual(['loading', 'loading', 'migrating', ...bundled.slice(1).map(() => 'migrating'), 'ready']);
    expect(seen.map((x) => x.seq)).toEqual(seen.map((_, i) => i + 1));
  });

  it('gives a new database the schema image the build made, instead of running the migrations', async () => {
    const { storage, backups } = memoryStorage();
    const { s, seen, until } = start({ storage, lock: lock().lock, schemaImage: await makeSchemaImage(sqlite3, bundled) });
    await until('ready');
    const { report, db } = await s.session();
    expect(report).toMatchObject({ fromImage: true, fromVersion: 0, toVersion: bundled.at(-1)!.version });
    expect(report.applied.map((a) => a.version)).toEqual(bundled.map((b) => b.version));
    expect(seen.map((x) => x.phase)).toEqual(['loading', 'loading', 'ready']); // nothing was run
    expect(db.query(`SELECT count(*) AS n FROM refinery_schema_history WHERE applied_on LIKE '1970%'`)).toEqual([{ n: 0 }]);
    expect(backups.size).toBe(0);
  });

  it('dates an image a crash left undated (copied in, not yet dated) at the next start', async () => {
    const image = await makeSchemaImage(sqlite3, bundled);
    const zipped = Uint8Array.from(atob(image.gzipBase64), (c) => c.charCodeAt(0));
    const undated = new Uint8Array(await new Response(new Blob([zipped]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    const { s, until } = start({ storage: memoryStorage(undated).storage, lock: lock().lock, schemaImage: image });
    await until('ready');
    const { db, report } = await s.session();
    expect(report.applied).toEqual([]);
    expect(db.query(`SELECT count(*) AS n FROM refinery_schema_history WHERE applied_on LIKE '1970%'`)).toEqual([{ n: 0 }]);
    expect(db.query(`SELECT count(*) AS n FROM settings WHERE updated_at LIKE '1970%'`)).toEqual([{ n: 0 }]);
  });

  it('uses no image for a database that has anything in it: it is migrated, after a backup', async () => {
    const { storage, backups } = memoryStorage(refineryMade());
    const { s, until } = start({ storage, lock: lock().lock, schemaImage: await makeSchemaImage(sqlite3, bundled) });
    await until('ready');
    const { report } = await s.session();
    expect(report.fromImage).toBeUndefined();
    expect(report.fromVersion).toBe(2);
    expect([...backups.keys()]).toEqual(['backup-v2']);
  });

  it('backs a database with history up before migrating it, with its exact bytes', async () => {
    const before = refineryMade();
    const { storage, backups } = memoryStorage(before);
    const { until } = start({ storage, lock: lock().lock });
    await until('ready');
    expect([...backups.keys()]).toEqual(['backup-v2']);
    expect(backups.get('backup-v2')).toEqual(before);
  });

  it('waits while an older build holds the lock, then opens by itself; calls wait meanwhile', async () => {
    const { lock: l, release } = lock(true);
    const { s, until } = start({ storage: memoryStorage().storage, lock: l });
    await until('locked');
    let answered = false;
    const session = s.session().then((x) => { answered = true; return x; });
    await new Promise((r) => setTimeout(r, 10));
    expect(answered).toBe(false);
    release();
    await until('ready');
    await expect(session).resolves.toMatchObject({ report: { toVersion: bundled.at(-1)!.version } });
  });

  it('keeps trying while the file is still held (a closing owner, an older tab), then opens it', async () => {
    let refusals = 5;
    const { s, until } = start({
      storage: memoryStorage(new Uint8Array(), { connect: () => (refusals-- > 0 ? new DatabaseLockedError() : null) }).storage,
      lock: lock().lock,
    });
    await until('ready');
    expect(refusals).toBe(-1);
    await expect(s.session()).resolves.toBeTruthy();
  });

  it('empties the write-ahead log after start-up\'s housekeeping and once writes pause, never after close', async () => {
    const { storage, checkpoints } = memoryStorage();
    const s = openOwnerDatabase({
      loadSqlite: async () => sqlite3, migrations: bundled, storage, lock: lock().lock, log: quiet, housekeepingDelayMs: 5, checkpointDelayMs: 20,
    });
    await s.session();
    const after = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const until = async (count: number) => {
      for (let i = 0; i < 200 && checkpoints.count < count; i++) await after(10);
      expect(checkpoints.count).toBe(count);
    };
    await until(1); // the housekeeping's
    // A burst of writes: one checkpoint, once they pause, not one each.
    for (let i = 0; i < 5; i++) s.wrote();
    expect(checkpoints.count).toBe(1);
    await until(2);
    await after(100);
    expect(checkpoints.count).toBe(2);
    s.wrote();
    await s.close();
    await after(100);
    expect(checkpoints.count).toBe(2);
  });

  it('close() closes the database and lets go of the file and the lock', async () => {
    const { storage, released } = memoryStorage();
    const l = lock();
    const { s, until } = start({ storage, lock: l.lock });
    await until('ready');
    const { raw } = await s.session();
    await s.close();
    expect(released.count).toBe(1);
    expect(l.state.releasedByUs).toBe(1);
    expect(() => raw.exec('SELECT 1')).toThrow();
  });

  it('without storage, says why and offers a memory database that is not saved', async () => {
    const { s, until } = start({ storage: memoryStorage(new Uint8Array(), { unavailable: 'no OPFS here' }).storage, lock: lock().lock });
    expect(await until('unavailable')).toMatchObject({ error: { kind: 'unavailable', message: expect.stringContaining('no OPFS here') } });
    await expect(s.session()).rejects.toBeInstanceOf(StorageUnavailableError);
    await s.useMemoryDatabase();
    expect(await until('ready')).toMatchObject({ persistent: false });
    expect((await s.session()).storage).toBeNull();
  });

  it('a failed migration fails start-up, names it, leaves the file as it was, and rescue still reaches the file', async () => {
    const before = refineryMade();
    const broken = [...bundled, loadMigration(`V${bundled.at(-1)!.version + 1}__broken.sql`, 'CREATE TABLE fine (x);\nINSERT INTO nowhere VALUES (1);\n')];
    const { storage } = memoryStorage(before);
    const { s, until } = start({ storage, lock: lock().lock, migrations: broken });
    const failed = await until('failed');
    expect(failed).toMatchObject({ error: { kind: 'failed', migrationName: 'broken', line: 2 } });
    await expect(s.session()).rejects.toMatchObject({ kind: 'failed', migrationName: 'broken' });
    expect(s.connection()!.exportFile()).toEqual(before);
  });

  describe('replacing the database (a restore)', () => {
    const restoredCopy = async (bytes: Uint8Array) => openAppDatabaseFile(sqlite3, bytes, bundled, 'restored');
    const proposalsIn = (bytes: Uint8Array) => testDb(bytes).db.query('SELECT job_content FROM proposals ORDER BY id').map((r) => r.job_content);

    it('when ready: the current database is backed up first, then becomes the restored one', async () => {
      const { storage, backups } = memoryStorage(refineryMade()); // SQLite copies into memory only at the same page size
      const { s, until } = start({ storage, lock: lock().lock });
      await until('ready');
      const { db } = await s.session();
      db.query(`INSERT INTO proposals (job_content, generated_text) VALUES ('Mine before the restore', '')`);
      const { backup } = await s.replaceDatabase(await restoredCopy(refineryMade()));
      expect(backup).toBe(`backup-v${bundled.at(-1)!.version}`);
      expect(proposalsIn(backups.get(backup!)!)).toEqual(['Need a React developer for a dashboard', 'Rust CLI tool — parse CSV files', 'Mine before the restore']);
      expect(db.query('SELECT count(*) AS n FROM proposals')).toEqual([{ n: 2 }]);
      expect(db.query('SELECT max(version) AS v FROM refinery_schema_history')).toEqual([{ v: bundled.at(-1)!.version }]);
      expect(proposalsIn(s.connection()!.exportFile())).toHaveLength(2);
    });

    it('after a failed start-up (a file that is not a database): the file is replaced, and its old bytes kept', async () => {
      const junk = new TextEncoder().encode('SQLite format 3\u0000'.padEnd(4096, 'x'));
      const { storage, backups } = memoryStorage(junk);
      const { s, until } = start({ storage, lock: lock().lock });
      await until('failed');
      const { backup } = await s.replaceDatabase(await restoredCopy(refineryMade()));
      expect(backup).toBe('backup-vunknown'); // its history could not be read: not called version 0
      expect(backups.get(backup!)).toEqual(junk);
      expect(proposalsIn(s.connection()!.exportFile())).toHaveLength(2);
    });

    it('refuses, before anything is written, a file that is newer, foreign or damaged (the restore operation)', async () => {
      const { storage, backups } = memoryStorage(refineryMade());
      const { s, until } = start({ storage, lock: lock().lock });
      await until('ready');
      const announced: unknown[] = [];
      const ops = databaseOperations({ database: s, storage, migrations: bundled, appVersion: 'test', secrets: secretBox(memorySecretKey()), sync: openSyncController({ database: s, secrets: secretBox(memorySecretKey()), announce: () => {} }) });
      const executor = createExecutor(s, ops, (c) => announced.push(c));
      const replaceWith = (bytes: Uint8Array) => executor.execute({ id: randomId(), tab: 't', method: 'restoreDatabase', args: [{ file: bytes }] });
      const before = s.connection()!.exportFile();
      const backupsBefore = [...backups.keys()];

      const newer = testDb(refineryMade());
      newer.db.query(`INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (99, 'from_the_future', '2030-01-01T00:00:00Z', '1')`);
      await expect(replaceWith(newer.bytes())).rejects.toThrow(/cannot be restored: it was made by a newer version of the app \(V99__from_the_future\)/);
      const foreign = testDb();
      foreign.db.exec('CREATE TABLE notes (x)');
      await expect(replaceWith(foreign.bytes())).rejects.toThrow(/not an Upwork Researcher database, so it cannot replace yours/);
      const damaged = refineryMade();
      damaged.fill(0x5a, 4096, 8192);
      await expect(replaceWith(damaged)).rejects.toThrow(/damaged|cannot be read/);

      expect([...backups.keys()]).toEqual(backupsBefore);
      expect(announced).toEqual([]);
      expect(s.connection()!.exportFile()).toEqual(before);
      // And the check is what stops them: a good file goes through the same operation.
      await expect(replaceWith(refineryMade())).resolves.toMatchObject({ proposals: 2 });
      await expect.poll(() => announced).toHaveLength(1); // once the answer is out
    });
  });
});


describe("sync's token in the database (the real sync server)", () => {
  it('is kept sealed, opened only here; in another browser the device asks to be paired again, and the same code pairs it again, keeping what waits', async () => {
    const { spawnSyncServer } = await import('../../../scripts/sync-server-process.mjs');
    const server = await spawnSyncServer();
    try {
      const { storage } = memoryStorage();
      const { s, until } = start({ storage, lock: lock().lock });
      await until('ready');
      const session = await s.session();
      const device = (secrets: ReturnType<typeof secretBox>) => {
        const sync = openSyncController({ database: s, secrets, announce: () => {}, delayMs: 0, log: quiet, loadEngine: async () => { throw new Error('no engine in this test'); } });
        const ops = databaseOperations({ database: s, storage, migrations: bundled, appVersion: 'test', secrets, sync });
        const executor = createExecutor(s, ops, () => sync.changed());
        return { sync, call: <T>(method: string, ...args: unknown[]) => executor.execute({ id: randomId(), tab: 't', method, args }) as Promise<T> };
      };
      const here = device(secretBox(memorySecretKey()));
      await here.call('createSyncSpace', server.url);
      session.db.query(`UPDATE sync_state SET value = json_set(value, '$.doc', 'automerge:abc') WHERE key = 'space'`);
      const code = await here.call<string>('syncPairingCode');
      const { token } = decodePairing(code);
      const stored = () => JSON.parse(String(session.db.query(`SELECT value FROM sync_state WHERE key = 'space'`)[0].value));
      expect(isSealedSecret(stored().token)).toBe(true);
      expect(Buffer.from(s.connection()!.exportFile()).includes(token)).toBe(false); // the file itself, at rest

      // The same file in another browser: its key is not there.
      const elsewhere = device(secretBox(memorySecretKey()));
      await expect.poll(() => elsewhere.sync.status()).toMatchObject({ state: 'error', problem: 'unpaired' });
      await expect(elsewhere.call('syncPairingCode')).rejects.toThrow(/cannot read its pairing here/);
      session.db.query(`INSERT INTO sync_storage (key, data) VALUES ('storage-adapter-id', x'00'), ('doc', x'01')`);
      session.db.query(`INSERT INTO sync_outbox (kind, ref) VALUES ('proposal', '1')`);
      const waiting = session.db.query(`SELECT kind, ref FROM sync_outbox`);
      await elsewhere.call('joinSyncSpace', code);
      expect(await elsewhere.call<string>('syncPairingCode')).toBe(code);
      expect(session.db.query(`SELECT key FROM sync_storage`)).toEqual([{ key: 'doc' }]); // its own identity with the server, the document kept
      expect(session.db.query(`SELECT kind, ref FROM sync_outbox`)).toEqual(waiting);
      // Another space's code is refused while in one.
      await expect(elsewhere.call('joinSyncSpace', encodePairing({ ...decodePairing(code), space: 'f'.repeat(24) }))).rejects.toThrow();
      await here.sync.close();
      await elsewhere.sync.close();
    } finally {
      await server.stop('SIGKILL');
    }
  });
});
