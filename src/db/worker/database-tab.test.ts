// Many tabs in Node: each a database worker as in the browser (election, protocol, executor,
// start-up), over real BroadcastChannels, with a lock manager that kills a tab as a crash would,
// and one shared database "file" that keeps what was committed when its holder dies.
import { readFileSync } from 'node:fs';
import bundled from 'virtual:migrations';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigration, type Migration } from '../../migrate/index.ts';
import { FakeLockManager } from '../../testing/fake-locks.ts';
import { sqlite3 } from '../../testing/sqlite.ts';
import type { DataChange, OwnerOperation, StartupState } from '../api.ts';
import { exportDb, openMemoryDb } from '../sqlite/sqlite-bytes.ts';
import type { TabPort } from '../tab-port.ts';
import { startDatabaseTab } from './database-tab.ts';
import { memorySecretKey, secretBox } from './secret-box.ts';
import type { Channel } from './protocol.ts';
import { DatabaseLockedError, type DatabaseStorage } from './storage.ts';
import { LEGACY_LOCK, webLock } from './tab-lock.ts';

const quiet = { info: () => {}, error: () => {} };
const cleanups: (() => void)[] = [];
afterEach(() => { cleanups.splice(0).forEach((c) => c()); });

/** The OPFS file: one holder at a time; what was committed stays when the holder dies. */
function sharedFile() {
  return { bytes: new Uint8Array() as Uint8Array, holder: null as object | null, opens: 0, backups: [] as string[] };
}

interface TestTab {
  name: string;
  port: TabPort;
  states: StartupState[];
  changes: DataChange[];
  /** Ends the tab as a crash does: no more messages, its locks go, its file handle goes. */
  kill(): void;
  /** Shows `see` each message the tab is about to send (it may kill the tab first). */
  beforeSending(see: (message: { type: string }) => void): void;
  call<T = unknown>(method: OwnerOperation, ...args: unknown[]): Promise<T>;
  until(phase: StartupState['phase']): Promise<void>;
}

let ids = 0;
function openTab(name: string, file: ReturnType<typeof sharedFile>, locks: FakeLockManager, migrations: readonly Migration[] = bundled): TestTab {
  const client = locks.client();
  let dead = false;
  let sending = (_message: { type: string }) => {};
  const channels: Channel[] = [];
  const openChannel = (channelName: string): Channel => {
    const real = new BroadcastChannel(channelName);
    channels.push(real as unknown as Channel);
    const wrapped: Channel = {
      postMessage: (m) => { sending(m as { type: string }); if (!dead) real.postMessage(m); },
      set onmessage(h) { real.onmessage = h && ((e: MessageEvent) => { if (!dead) h(e); }); },
      get onmessage() { return real.onmessage as Channel['onmessage']; },
      close: () => real.close(),
    };
    return wrapped;
  };
  let db: ReturnType<typeof openMemoryDb> | null = null;
  const handle = {};
  const storage: DatabaseStorage = {
    unavailableReason: () => null,
    async connect() {
      if (file.holder && file.holder !== handle) throw new DatabaseLockedError();
      file.holder = handle;
      return {
        fileName: '/shared.sqlite3', vfs: 'test',
        open() {
          file.opens++;
          db = openMemoryDb(sqlite3, file.bytes);
          const close = db.close.bind(db);
          db.close = () => { file.bytes = exportDb(sqlite3, db!); close(); db = null; };
          return db;
        },
        exportFile: () => (db ? exportDb(sqlite3, db) : file.bytes),
        replaceFile: (bytes) => { file.bytes = bytes; },
        release: () => { if (file.holder === handle) file.holder = null; },
      };
    },
    writeBackup: async (_bytes, _from, kind) => { file.backups.push(kind); return `backup ${file.backups.length}`; },
    listBackups: async () => [],
    readBackup: async () => new Uint8Array(),
    deleteBackup: async () => {},
    estimate: async () => ({ usage: null, quota: null }),
  };
  const port = startDatabaseTab({
    tab: name, loadSqlite: async () => sqlite3, migrations, storage, legacyLock: webLock(LEGACY_LOCK, client), locks: client,
    openChannel, appVersion: 'test', log: quiet, callTimeoutMs: 10_000, secrets,
  });
  const states: StartupState[] = [];
  const changes: DataChange[] = [];
  void port.startup((s) => states.push(s));
  void port.watch((c) => changes.push(c));
  const t: TestTab = {
    name, port, states, changes,
    kill() {
      dead = true;
      if (db) file.bytes = exportDb(sqlite3, db); // what was committed is on disk
      if (file.holder === handle) file.holder = null;
      client.kill();
    },
    beforeSending: (see) => { sending = see; },
    call: (method, ...args) => port.call(`${name}-${++ids}`, method, args) as never,
    async until(phase) {
      await expect.poll(async () => (await port.startup()).phase, { timeout: 5000, interval: 5 }).toBe(phase);
    },
  };
  cleanups.push(() => { dead = true; db?.close(); channels.forEach((c) => c.close()); });
  return t;
}

// One key for every tab, as IndexedDB gives every worker of the origin the same one.
const secrets = secretBox(memorySecretKey());

/** The next build: one more migration. */
const NEXT = [...bundled, loadMigration(`V${bundled.at(-1)!.version + 1}__later.sql`, 'CREATE TABLE later (x);\n')];

/** Tabs opened one after another on one file, each ready before the next opens (the first owns the database). */
async function openTabs(names: string[], migrations?: readonly Migration[]) {
  const file = sharedFile();
  const locks = new FakeLockManager();
  const tabs: TestTab[] = [];
  for (const name of names) {
    const t = openTab(name, file, locks, migrations);
    await t.until('ready');
    tabs.push(t);
  }
  return { file, locks, tabs };
}

const count = async (t: TestTab) => (await t.call<{ total: number }>('listProposals')).total;

describe('tabs sharing one database', () => {
  it('elects one owner; the others are served by it; when it dies the next in line takes over with the data', async () => {
    const { tabs: [a, b] } = await openTabs(['a', 'b']);
    expect([await a.port.role(), await b.port.role()]).toEqual(['owner', 'candidate']);

    const made = await b.call<{ id: number }>('createProposal', { jobContent: 'Through the owner' });
    expect(await a.call('getProposal', made.id)).toMatchObject({ jobContent: 'Through the owner' });
    expect(a.changes.at(-1)).toEqual({ proposals: [made.id], by: 'b' });

    a.kill();
    await expect.poll(() => b.port.role()).toBe('owner');
    expect(await b.call('getProposal', made.id)).toMatchObject({ jobContent: 'Through the owner' });
    expect(await count(b)).toBe(1);
  });

  it('a write committed just before the owner died, its answer lost, is applied once when sent again', async () => {
    const { tabs: [a, b] } = await openTabs(['a', 'b']);
    // The owner dies right after the commit, before it can answer.
    void a.port.watch(() => a.kill());
    const made = await b.call<{ id: number; jobContent: string }>('createProposal', { jobContent: 'Committed, then the owner died' });
    expect(await b.port.role()).toBe('owner');
    expect(made.jobContent).toBe('Committed, then the owner died');
    expect(await count(b)).toBe(1);
    expect((await b.call<{ items: { id: number }[] }>('listProposals')).items.map((p) => p.id)).toEqual([made.id]);
  });

  describe('a restore whose answer was lost with its owner is answered by the next owner, and replaces once', () => {
    const desktop = () => new Uint8Array(readFileSync('src/testing/fixtures/refinery-made.sqlite3'));
    async function restoreFromB(ownerGoes: (a: TestTab) => void) {
      const file = sharedFile();
      file.bytes = desktop(); // SQLite copies into memory only at the same page size
      const locks = new FakeLockManager();
      const a = openTab('a', file, locks);
      await a.until('ready');
      const b = openTab('b', file, locks);
      await b.until('ready');
      await b.call('createProposal', { jobContent: 'Replaced by the restore' });
      ownerGoes(a);
      const restored = await b.call('restoreDatabase', { file: desktop() });
      expect(restored).toMatchObject({ backup: 'backup 2', proposals: 2, schemaVersion: bundled.at(-1)!.version });
      expect(file.backups).toEqual(['update', 'restore']); // the desktop file migrated at start-up, then one replace
      await expect.poll(() => b.port.role()).toBe('owner');
      expect((await b.call<{ items: { jobContent: string }[] }>('listProposals')).items.map((p) => p.jobContent)).not.toContain('Replaced by the restore');
      expect(await count(b)).toBe(2);
    }

    it('the owner tab reloads as it hears the restore (as every tab but the one that asked does)', async () => {
      await restoreFromB((a) => void a.port.watch((c) => { if (c.restored) a.kill(); }));
    });

    it('the owner dies after the swap, just before its answer goes out', async () => {
      await restoreFromB((a) => a.beforeSending((m) => { if (m.type === 'response') a.kill(); }));
    });
  });

  it('a new proposal created twice with the same key is created once (a tab that died after its save)', async () => {
    const { tabs: [a] } = await openTabs(['a']);
    const first = await a.call<{ id: number }>('createProposal', { jobContent: 'Once', key: 'k1' });
    const again = await a.call<{ id: number }>('createProposal', { jobContent: 'Once', key: 'k1' });
    expect(again.id).toBe(first.id);
    expect(await count(a)).toBe(1);
    // Sent again with the text typed since (recovered after a reload that lost the first answer): it lands.
    const recovered = await a.call<{ id: number; generatedText: string }>('createProposal', { jobContent: 'Once', generatedText: 'Typed before the reload', key: 'k1' });
    expect(recovered).toMatchObject({ id: first.id, generatedText: 'Typed before the reload' });
    expect(await count(a)).toBe(1);
  });

  it('a request sent while no tab owns the database is not lost: the next owner answers it', async () => {
    const { locks, tabs: [a, b, c] } = await openTabs(['a', 'b', 'c']);
    locks.hold(); // the lock is not handed on yet: nobody owns the database for a while
    a.kill();
    const pending = c.call<{ id: number }>('createProposal', { jobContent: 'Sent between two owners' });
    await new Promise((r) => setTimeout(r, 30));
    expect(await b.port.role()).toBe('candidate');
    locks.resume();
    const made = await pending;
    expect(await b.port.role()).toBe('owner');
    expect(await b.call('getProposal', made.id)).toMatchObject({ jobContent: 'Sent between two owners' });
    expect(await count(c)).toBe(1);
    // c was told to read everything again: it may have missed changes between the two owners.
    expect(c.changes).toContainEqual({ proposals: 'all', settings: true, by: '' });
  });

  it('an older build never writes: refused before anything runs, and it says a newer version is open', async () => {
    const file = sharedFile();
    const locks = new FakeLockManager();
    const newer = openTab('new', file, locks, NEXT);
    await newer.until('ready');
    const older = openTab('old', file, locks);
    await older.until('stale');
    await expect(older.call('createProposal', { jobContent: 'From the old build' })).rejects.toMatchObject({ kind: 'stale-build' });
    expect(await count(newer)).toBe(0);
    expect(await older.port.role()).toBe('stale');
  });

  it('a newer build takes over from an older owner, which finishes, closes and lets go; the database is migrated once', async () => {
    const file = sharedFile();
    const locks = new FakeLockManager();
    const older = openTab('old', file, locks);
    await older.until('ready');
    await older.call('createProposal', { jobContent: 'Written by the older build' });
    const newer = openTab('new', file, locks, NEXT);
    await newer.until('ready');
    await older.until('stale');
    expect(await newer.port.role()).toBe('owner');
    expect(file.opens).toBe(2);
    const info = await newer.call<{ history: { version: number }[] }>('info');
    expect(info.history.map((h) => h.version)).toEqual(NEXT.map((m) => m.version));
    expect(await count(newer)).toBe(1);
  });

  it('the API key: sealed in the file and in the record of the write, opened for the tab that asked, and for the next owner', async () => {
    const key = 'sk-ant-api03-NEVER-IN-THE-FILE';
    const { file, tabs: [a, b] } = await openTabs(['a', 'b']);
    const saved = await b.port.call('b-save', 'saveSettings', [{ provider: 'anthropic', apiKey: key }]) as { apiKey: string };
    expect(saved.apiKey).toBe(key);
    a.kill(); // what was committed is on disk
    expect(Buffer.from(file.bytes!).includes(Buffer.from(key))).toBe(false);
    await b.until('ready');
    expect(await b.call('getSettings')).toMatchObject({ apiKey: key });
    // The same request again (a resend) is answered from its record, opened as well.
    expect(await b.port.call('b-save', 'saveSettings', [{ apiKey: 'another key, never applied' }])).toMatchObject({ apiKey: key });
  });
});

