import { readFileSync } from 'node:fs';
import bundled from 'virtual:migrations';
import { describe, expect, it } from 'vitest';
import { loadMigration, type Migration } from '../../migrate/index.ts';
import { sqlite3 } from '../../testing/sqlite.ts';
import type { StartupState } from '../api.ts';
import { exportDb, openMemoryDb } from '../sqlite/sqlite-bytes.ts';
import { startDatabase } from './startup.ts';
import { DatabaseLockedError, StorageUnavailableError, type DatabaseLock, type DatabaseStorage } from './storage.ts';

/** Storage as bytes in memory, as OPFS holds them: what start-up writes is read back from here. */
function memoryStorage(initial = new Uint8Array(), options: { unavailable?: string; connect?: () => Error | null } = {}) {
  const backups = new Map<string, Uint8Array>();
  let raw: ReturnType<typeof openMemoryDb> | null = null;
  const storage: DatabaseStorage = {
    unavailableReason: () => options.unavailable ?? null,
    async connect() {
      const refused = options.connect?.();
      if (refused) throw refused;
      return {
        fileName: '/test.sqlite3', vfs: 'memory-test',
        open: () => (raw = openMemoryDb(sqlite3, initial)),
        exportFile: () => (raw ? exportDb(sqlite3, raw) : new Uint8Array(initial)),
      };
    },
    async writeBackup(bytes, fromVersion) { const name = `backup-v${fromVersion}`; backups.set(name, bytes); return name; },
    async listBackups() { return [...backups.keys()].map((name) => ({ name, fromVersion: 0, createdAt: '', size: backups.get(name)!.length })); },
    async readBackup(name) { return backups.get(name)!; },
    async estimate() { return { usage: null, quota: null }; },
  };
  return { storage, backups };
}

/** A lock another tab may hold; `release()` hands it over. */
function lock(heldElsewhere = false) {
  let release!: () => void;
  const freed = new Promise<void>((r) => { release = r; });
  const l: DatabaseLock = { tryAcquire: async () => !heldElsewhere, acquire: () => freed };
  return { lock: l, release };
}

const quiet = { info: () => {}, error: () => {} };

function start(deps: { storage: DatabaseStorage; lock: DatabaseLock; migrations?: readonly Migration[] }) {
  const seen: StartupState[] = [];
  const s = startDatabase({ loadSqlite: async () => sqlite3, migrations: deps.migrations ?? bundled, storage: deps.storage, lock: deps.lock, log: quiet });
  s.onChange((state) => seen.push(state));
  const until = async (phase: StartupState['phase'], also: (state: StartupState) => boolean = () => true) => {
    const reached = () => s.state.phase === phase && also(s.state);
    for (let i = 0; i < 200 && !reached(); i++) await new Promise((r) => setTimeout(r, 1));
    expect(s.state.phase).toBe(phase);
    return s.state;
  };
  return { s, seen, until };
}

const desktop = () => new Uint8Array(readFileSync('src/testing/fixtures/refinery-desktop.sqlite3'));

describe('start-up', () => {
  it('migrates a new database and serves it, with numbered states in order', async () => {
    const { s, seen, until } = start({ storage: memoryStorage().storage, lock: lock().lock });
    await until('ready');
    const session = await s.session();
    expect(session.storage).not.toBeNull();
    expect(session.report.toVersion).toBe(bundled.at(-1)!.version);
    expect(seen.map((x) => x.phase)).toEqual(['loading', 'loading', 'migrating', ...bundled.slice(1).map(() => 'migrating'), 'ready']);
    expect(seen.map((x) => x.seq)).toEqual(seen.map((_, i) => i + 1));
  });

  it('backs a database with history up before migrating it, with its exact bytes', async () => {
    const before = desktop();
    const { storage, backups } = memoryStorage(before);
    const { until } = start({ storage, lock: lock().lock });
    await until('ready');
    expect([...backups.keys()]).toEqual(['backup-v2']);
    expect(backups.get('backup-v2')).toEqual(before);
  });

  it('waits while another tab holds the lock: calls fail at once, then the user may take over', async () => {
    const { lock: l, release } = lock(true);
    const { s, until } = start({ storage: memoryStorage().storage, lock: l });
    expect(await until('locked')).toMatchObject({ free: false });
    await expect(s.session()).rejects.toBeInstanceOf(DatabaseLockedError);
    release();
    expect(await until('locked', (x) => x.phase === 'locked' && x.free)).toMatchObject({ free: true });
    await s.takeOver();
    await until('ready');
    await expect(s.session()).resolves.toMatchObject({ report: { toVersion: bundled.at(-1)!.version } });
  });

  it('treats handles held by another tab as locked, not as a failure', async () => {
    const { s, until } = start({ storage: memoryStorage(new Uint8Array(), { connect: () => new DatabaseLockedError() }).storage, lock: lock().lock });
    await until('locked');
    await expect(s.session()).rejects.toBeInstanceOf(DatabaseLockedError);
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
    const before = desktop();
    const broken = [...bundled, loadMigration(`V${bundled.at(-1)!.version + 1}__broken.sql`, 'CREATE TABLE fine (x);\nINSERT INTO nowhere VALUES (1);\n')];
    const { storage } = memoryStorage(before);
    const { s, until } = start({ storage, lock: lock().lock, migrations: broken });
    const failed = await until('failed');
    expect(failed).toMatchObject({ error: { kind: 'failed', migrationName: 'broken', line: 2 } });
    await expect(s.session()).rejects.toMatchObject({ kind: 'failed', migrationName: 'broken' });
    expect(s.connection()!.exportFile()).toEqual(before);
  });
});
