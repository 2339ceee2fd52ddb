// Start-up as a state machine: lock, WASM, storage, open, migrate, ready; or locked (another tab),
// unavailable (no storage: the user may choose memory), failed. Storage and lock are passed in,
// so every path runs in Node tests as it does in the browser.
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { migrate, type Migration, type MigrationReport } from '../../migrate/index.ts';
import type { StartupState, StartupTimings } from '../api.ts';
import type { Db } from '../domain/db.ts';
import { purgeDeleted } from '../domain/proposals-repo.ts';
import { toErrorInfo } from '../error-info.ts';
import { sqliteDriver } from '../sqlite/sqlite-driver.ts';
import { StartupGate } from './startup-gate.ts';
import { DatabaseLockedError, StorageUnavailableError, type DatabaseLock, type DatabaseStorage, type StorageConnection } from './storage.ts';

export interface Session {
  raw: Database;
  db: Db;
  /** The storage it lives in, or null for a memory database (nothing is saved). */
  storage: StorageConnection | null;
  report: MigrationReport;
}

export interface StartupDeps {
  loadSqlite: () => Promise<Sqlite3Static>;
  migrations: readonly Migration[];
  storage: DatabaseStorage;
  lock: DatabaseLock;
  log?: Pick<Console, 'info' | 'error'>;
  now?: () => number;
}

export interface Startup {
  readonly state: StartupState;
  onChange(listener: (s: StartupState) => void): void;
  /** The session once ready; rejects with start-up's error, at once while locked or unavailable. */
  session(): Promise<Session>;
  sqlite(): Promise<Sqlite3Static>;
  /** The storage connection, even after a failed start-up (rescue downloads), or null. */
  connection(): StorageConnection | null;
  takeOver(): Promise<void>;
  useMemoryDatabase(): Promise<void>;
}

const defaultNow = () => performance.timeOrigin + performance.now();

export function startDatabase({ loadSqlite, migrations, storage, lock, log = console, now = defaultNow }: StartupDeps): Startup {
  const timings: StartupTimings = { workerStart: now() };
  const listeners = new Set<(s: StartupState) => void>();
  let seq = 0;
  let state: StartupState = { seq, phase: 'loading', step: 'wasm' };
  let connection: StorageConnection | null = null;
  const gate = new StartupGate<Session>();

  const setState = (next: StartupState) => {
    state = { ...next, seq: ++seq };
    for (const l of listeners) l(state);
  };
  const fail = (e: unknown) => {
    log.error('[database] start-up failed:', e instanceof Error ? e.message : e);
    setState({ phase: 'failed', error: toErrorInfo(e), timings });
    gate.fail(e);
  };
  const locked = () => {
    gate.block(() => new DatabaseLockedError());
    setState({ phase: 'locked', free: false });
  };
  const unavailable = (e: StorageUnavailableError) => {
    gate.block(() => e);
    setState({ phase: 'unavailable', error: toErrorInfo(e) });
  };

  // WASM loads while the lock is checked: the two are independent.
  const wasm = loadSqlite().then((s) => { timings.wasmReady = now(); return s; });
  wasm.catch(() => {});

  async function run(raw: Database, conn: StorageConnection | null): Promise<void> {
    const db = sqliteDriver(raw);
    const report = await migrate(db, migrations, {
      onProgress: ({ index, total, version, name }) => setState({ phase: 'migrating', done: index, total, version, name }),
      // Before changing a database that has history, keep its exact bytes.
      backup: conn ? ({ fromVersion }) => storage.writeBackup(conn.exportFile(), fromVersion) : undefined,
    });
    // Migrations run with foreign keys off (SQLite's advice for schema changes) and are checked
    // with foreign_key_check; the app's own writes are enforced.
    db.exec('PRAGMA foreign_keys = ON');
    // Deletions are undoable until the next start-up.
    purgeDeleted(db);
    timings.migrated = now();
    log.info(
      `[database] ready at V${report.toVersion}` +
        (report.applied.length
          ? ` (from V${report.fromVersion}: ${report.applied.map((a) => `V${a.version}__${a.name} ${a.ms.toFixed(1)} ms`).join(', ')}; backup ${report.backup ?? 'none'})`
          : ', nothing to migrate') + ` in ${report.totalMs.toFixed(1)} ms`,
    );
    setState({ phase: 'ready', report, persistent: conn !== null, timings });
    gate.open({ raw, db, storage: conn, report });
  }

  async function openPersistent(): Promise<void> {
    try {
      const sqlite3 = await wasm;
      setState({ phase: 'loading', step: 'storage' });
      connection = await storage.connect(sqlite3);
      timings.vfsReady = now();
      setState({ phase: 'loading', step: 'open' });
      const raw = connection.open();
      timings.dbOpen = now();
      await run(raw, connection);
    } catch (e) {
      if (e instanceof DatabaseLockedError) return locked();
      if (e instanceof StorageUnavailableError) return unavailable(e);
      fail(e);
    }
  }

  async function start(): Promise<void> {
    const reason = storage.unavailableReason();
    if (reason) return unavailable(new StorageUnavailableError(reason));
    if (!(await lock.tryAcquire())) {
      locked();
      void lock.acquire().then(() => setState({ phase: 'locked', free: true }));
      return;
    }
    await openPersistent();
  }
  void start();

  return {
    get state() { return state; },
    onChange: (l) => void listeners.add(l),
    session: () => gate.wait(),
    sqlite: () => wasm,
    connection: () => connection,
    async takeOver() {
      if (state.phase !== 'locked' || !state.free) throw new Error('The database is still open in another tab.');
      setState({ phase: 'loading', step: 'storage' });
      await openPersistent();
    },
    async useMemoryDatabase() {
      if (state.phase !== 'unavailable') throw new Error('A memory database is only offered when storage is unavailable.');
      try {
        const sqlite3 = await wasm;
        await run(new sqlite3.oo1.DB(':memory:'), null);
      } catch (e) {
        fail(e);
      }
    },
  };
}
