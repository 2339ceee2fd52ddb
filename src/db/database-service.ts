// The database as a service: start-up (lock, WASM, OPFS, migrations), then the API. Every data
// call waits for start-up and fails with its error if it failed; rescue calls always work.
import type { Database, SAHPoolUtil, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { migrate, readHistory, type Migration, type MigrationDb, type MigrationReport } from '../migrate/index.ts';
import type { DatabaseApi, DatabaseInfo, StartupState, StartupTimings } from './api.ts';
import { listBackups, readBackup, writeBackup } from './backup-store.ts';
import { toErrorInfo } from './error-info.ts';
import { DatabaseLockedError, DB_FILE, installPool, openDatabase, StorageUnavailableError, VFS_NAME } from './opfs-database.ts';
import { readDatabaseFileProposals } from './database-file-import.ts';
import { parseExportFile } from './export-format.ts';
import { buildExport, importExport } from './export-import.ts';
import * as proposals from './proposals-repo.ts';
import { getSettings, saveSettings } from './settings-repo.ts';
import { sqliteDriver } from './sqlite-driver.ts';
import { StartupGate } from './startup-gate.ts';
import { tryTabLock, waitForTabLock } from './tab-lock.ts';

interface Session {
  raw: Database;
  db: MigrationDb;
  persistent: boolean;
  report: MigrationReport;
}

export interface ServiceDeps {
  loadSqlite: () => Promise<Sqlite3Static>;
  migrations: readonly Migration[];
  appVersion: string;
  log?: Pick<Console, 'info' | 'error'>;
}

const now = () => performance.timeOrigin + performance.now();

export function createDatabaseService({ loadSqlite, migrations, appVersion, log = console }: ServiceDeps): DatabaseApi {
  const timings: StartupTimings = { workerStart: now() };
  const listeners = new Set<(s: StartupState) => void>();
  let seq = 0;
  let state: StartupState = { seq, phase: 'loading', step: 'wasm' };
  let failure: unknown;
  let sqlite3: Sqlite3Static | undefined;
  let pool: SAHPoolUtil | undefined;
  let session: Session | undefined;
  const gate = new StartupGate<Session>();

  const setState = (next: StartupState) => {
    state = { ...next, seq: ++seq };
    for (const l of listeners) l(state);
  };
  const fail = (e: unknown) => {
    failure = e;
    log.error('[database] start-up failed:', e instanceof Error ? e.message : e);
    setState({ phase: 'failed', error: toErrorInfo(e), timings });
    gate.fail(e);
  };

  // WASM loads while the lock is checked: the two are independent.
  const wasm = loadSqlite().then((s) => { timings.wasmReady = now(); return (sqlite3 = s); });
  wasm.catch(() => {});

  async function run(db: Database, persistent: boolean): Promise<void> {
    const driver = sqliteDriver(db);
    const report = await migrate(driver, migrations, {
      onProgress: ({ index, total, version, name }) => setState({ phase: 'migrating', done: index, total, version, name }),
      // Before changing a database that has history, keep its exact bytes.
      backup: persistent ? ({ fromVersion }) => writeBackup(pool!.exportFile(DB_FILE), fromVersion) : undefined,
    });
    // Migrations run with foreign keys off (SQLite's advice for schema changes) and are checked
    // with foreign_key_check; the app's own writes are enforced.
    db.exec('PRAGMA foreign_keys = ON');
    // Deletions are undoable until the next start-up.
    proposals.purgeDeleted(driver);
    timings.migrated = now();
    session = { raw: db, db: driver, persistent, report };
    log.info(
      `[database] ready at V${report.toVersion}` +
        (report.applied.length
          ? ` (from V${report.fromVersion}: ${report.applied.map((a) => `V${a.version}__${a.name} ${a.ms.toFixed(1)} ms`).join(', ')}; backup ${report.backup ?? 'none'})`
          : ', nothing to migrate') + ` in ${report.totalMs.toFixed(1)} ms`,
    );
    setState({ phase: 'ready', report, persistent, timings });
    gate.open(session);
  }

  async function openPersistent(): Promise<void> {
    try {
      const s = await wasm;
      setState({ phase: 'loading', step: 'storage' });
      pool = await installPool(s);
      timings.vfsReady = now();
      setState({ phase: 'loading', step: 'open' });
      const db = openDatabase(pool);
      timings.dbOpen = now();
      await run(db, true);
    } catch (e) {
      if (e instanceof DatabaseLockedError) return locked();
      if (e instanceof StorageUnavailableError) return unavailable(e);
      fail(e);
    }
  }

  async function start(): Promise<void> {
    if (!globalThis.navigator?.storage?.getDirectory) {
      return unavailable(new StorageUnavailableError('this browser has no navigator.storage.getDirectory'));
    }
    if (!(await tryTabLock())) {
      locked();
      void waitForTabLock().then(() => setState({ phase: 'locked', free: true }));
      return;
    }
    await openPersistent();
  }
  const locked = () => {
    gate.block(() => new DatabaseLockedError());
    setState({ phase: 'locked', free: false });
  };
  const unavailable = (e: StorageUnavailableError) => {
    gate.block(() => e);
    setState({ phase: 'unavailable', error: toErrorInfo(e) });
  };
  void start();

  return {
    async startup(onChange) {
      if (onChange) listeners.add(onChange);
      return state;
    },
    async takeOver() {
      if (state.phase !== 'locked' || !state.free) throw new Error('The database is still open in another tab.');
      setState({ phase: 'loading', step: 'storage' });
      await openPersistent();
    },
    async useMemoryDatabase() {
      if (state.phase !== 'unavailable') throw new Error('A memory database is only offered when storage is unavailable.');
      try {
        const s = await wasm;
        await run(new s.oo1.DB(':memory:'), false);
      } catch (e) {
        fail(e);
      }
    },

    async info(): Promise<DatabaseInfo> {
      const { raw, db, persistent, report } = await gate.wait();
      const history = readHistory(db);
      const [{ bytes }] = db.query('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()');
      const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
      return {
        schemaVersion: history.at(-1)?.version ?? 0,
        history,
        backups: persistent ? await listBackups() : [],
        vfs: persistent ? VFS_NAME : 'memory',
        persistent,
        fileName: persistent ? DB_FILE : raw.filename,
        databaseBytes: Number(bytes),
        storageUsage: estimate?.usage ?? null,
        storageQuota: estimate?.quota ?? null,
        sqliteVersion: sqlite3!.version.libVersion,
        lastReport: report,
      };
    },
    async listProposals(offset = 0, limit = 50) {
      const { db } = await gate.wait();
      return { items: proposals.listProposals(db, offset, limit), total: proposals.countProposals(db) };
    },
    getProposal: async (id) => proposals.getProposal((await gate.wait()).db, id),
    createProposal: async (input) => proposals.createProposal((await gate.wait()).db, input),
    updateProposal: async (id, patch) => proposals.updateProposal((await gate.wait()).db, id, patch),
    deleteProposal: async (id) => proposals.deleteProposal((await gate.wait()).db, id),
    restoreProposal: async (id) => proposals.restoreProposal((await gate.wait()).db, id),
    keepVersion: async (id, source, model) => proposals.keepVersion((await gate.wait()).db, id, source, model ?? null),
    listVersions: async (id) => proposals.listVersions((await gate.wait()).db, id),
    async search(query, limit = 50) {
      const { db } = await gate.wait();
      const t0 = performance.now();
      const hits = proposals.searchProposals(db, query, limit);
      return { hits, ms: performance.now() - t0 };
    },
    getSettings: async () => getSettings((await gate.wait()).db),
    saveSettings: async (patch) => saveSettings((await gate.wait()).db, patch),

    async exportJson() {
      const file = buildExport((await gate.wait()).db, appVersion);
      const stamp = new Date().toISOString().slice(0, 10);
      return { name: `upwork-researcher-proposals-${stamp}.json`, text: JSON.stringify(file, null, 2), count: file.proposals.length };
    },
    async importJson(text) {
      const { db } = await gate.wait();
      return importExport(db, parseExportFile(text));
    },
    async importDatabaseFile(bytes) {
      const s = await gate.wait();
      const file = await readDatabaseFileProposals(sqlite3!, bytes, migrations);
      const backup = s.persistent ? await writeBackup(pool!.exportFile(DB_FILE), readHistory(s.db).at(-1)?.version ?? 0) : null;
      return { ...importExport(s.db, file), backup };
    },

    async exportDatabase() {
      const name = `upwork-researcher-${new Date().toISOString().replace(/[-:.]/g, '')}.sqlite3`;
      if (session && !session.persistent) return { name, bytes: sqlite3!.capi.sqlite3_js_db_export(session.raw) };
      if (!pool) throw new Error(failure ? 'The database file could not be reached.' : 'The database is not open in this tab.');
      return { name, bytes: pool.exportFile(DB_FILE) };
    },
    listBackups: () => listBackups(),
    readBackup: (name) => readBackup(name),
  };
}
