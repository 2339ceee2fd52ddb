// The owner's database for as long as this tab owns it. Its start-up is a state machine: lock, WASM,
// storage, open, migrate, ready; or locked (something outside the election holds the file: retried),
// unavailable (no storage: the user may choose memory), failed. Then it serves sessions, swaps the
// whole database in a restore, tidies up after start-up, and close() hands the file back for the
// next owner. Storage and lock are passed in, so every path runs in Node tests as in the browser.
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { migrate, migrationLabel, readHistory, type Migration, type MigrationReport } from '../../migrate/index.ts';
import type { StartupState, StartupTimings } from '../api.ts';
import type { Db } from '../domain/db.ts';
import { pruneApplied } from '../domain/applied-requests.ts';
import { purgeDeleted } from '../domain/proposals-repo.ts';
import { toErrorInfo } from '../error-info.ts';
import { stateFeed } from '../startup-states.ts';
import { dateSeeded, isEmptyDatabase, seedFromImage, type SchemaImage } from '../sqlite/schema-image.ts';
import { copyDatabase, exportDb } from '../sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../sqlite/sqlite-driver.ts';
import type { SecretBox } from './secret-box.ts';
import { sealStoredSecret } from './secret-settings.ts';
import { StartupGate } from './startup-gate.ts';
import { DatabaseLockedError, StorageUnavailableError, type DatabaseLock, type DatabaseStorage, type StorageConnection } from './storage.ts';

export interface Session {
  raw: Database;
  db: Db;
  /** The storage it lives in, or null for a memory database (nothing is saved). */
  storage: StorageConnection | null;
  report: MigrationReport;
}

export interface OwnerDatabaseDeps {
  loadSqlite: () => Promise<Sqlite3Static>;
  migrations: readonly Migration[];
  /** What the migrations make from nothing, copied in on a first start (none: they are run). */
  schemaImage?: SchemaImage | null;
  storage: DatabaseStorage;
  lock: DatabaseLock;
  /** Seals an API key found in clear (a database from before sealing, or the desktop app's). */
  secrets?: SecretBox;
  log?: Pick<Console, 'info' | 'error'>;
  now?: () => number;
  /** When the worker started (epoch ms), for the start-up timings; now if not given. */
  startedAt?: number;
  /** Waits between attempts to take a file another worker still holds (it is closing, or an older build has it). */
  retryDelays?: readonly number[];
  /** How long after start-up the housekeeping runs (purging, pruning, sealing a key in clear). */
  housekeepingDelayMs?: number;
  /** How long writes must pause before the write-ahead log is checkpointed. */
  checkpointDelayMs?: number;
}

// A closing owner's handles go within tens of milliseconds; an older build's tab may keep them
// until it is closed: keep trying, once a second in the end.
const RETRY_DELAYS = [10, 20, 40, 80, 160, 320, 640, 1000];

export interface OwnerDatabase {
  readonly state: StartupState;
  onChange(listener: (s: StartupState) => void): void;
  /** The session once ready; rejects with start-up's error, at once while locked or unavailable. */
  session(): Promise<Session>;
  sqlite(): Promise<Sqlite3Static>;
  /** The storage connection, even after a failed start-up (rescue downloads), or null. */
  connection(): StorageConnection | null;
  useMemoryDatabase(): Promise<void>;
  /** A write was committed: once writes pause, the write-ahead log is emptied into the file. */
  wrote(): void;
  /**
   * Replaces the database with `incoming` (checked, at this app's version), after a backup of the
   * current file. Atomic when the current file opens (SQLite's backup API, through its journal);
   * a file that never opened is overwritten (its copy is in the backup). Works after a failed start-up.
   * `beforeSwap` may write into `incoming` once the backup is made, for it to be swapped in too.
   */
  replaceDatabase(incoming: Database, beforeSwap?: (backup: string | null) => void): Promise<{ backup: string | null }>;
  /** Closes the database and lets go of the file and the lock, for the next owner. */
  close(): Promise<void>;
}

const defaultNow = () => performance.timeOrigin + performance.now();

export function openOwnerDatabase({
  loadSqlite, migrations, schemaImage, storage, lock, secrets, log = console, now = defaultNow, retryDelays = RETRY_DELAYS, startedAt, housekeepingDelayMs = 1000,
  checkpointDelayMs = 2000,
}: OwnerDatabaseDeps): OwnerDatabase {
  const timings: StartupTimings = { workerStart: startedAt ?? now() };
  const states = stateFeed({ phase: 'loading', step: 'wasm' });
  let connection: StorageConnection | null = null;
  let raw: Database | null = null;
  let closed = false;
  let housekeeping: ReturnType<typeof setTimeout> | undefined;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const gate = new StartupGate<Session>();

  const setState = states.set;
  const fail = (e: unknown) => {
    log.error('[database] start-up failed:', e instanceof Error ? e.message : e);
    setState({ phase: 'failed', error: toErrorInfo(e), timings });
    gate.fail(e);
  };
  const locked = () => {
    if (states.current.phase !== 'locked') setState({ phase: 'locked' });
  };
  const unavailable = (e: StorageUnavailableError) => {
    gate.block(() => e);
    setState({ phase: 'unavailable', error: toErrorInfo(e) });
  };

  // WASM loads while the lock is checked: the two are independent.
  const wasm = loadSqlite().then((s) => { timings.wasmReady = now(); return s; });
  wasm.catch(() => {});

  async function migrateAndServe(opened: Database, conn: StorageConnection | null): Promise<void> {
    raw = opened;
    const sqlite3 = await wasm;
    const db = sqliteDriver(opened, sqlite3);
    const seeded = schemaImage && isEmptyDatabase(opened) ? await seed(sqlite3, opened, db, schemaImage) : null;
    const migrated = await migrate(db, migrations, {
      onProgress: ({ index, total, version, name }) => setState({ phase: 'migrating', done: index, total, version, name }),
      // Before changing a database that has history, keep its exact bytes.
      backup: conn ? ({ fromVersion }) => storage.writeBackup(conn.exportFile(), fromVersion, 'update') : undefined,
    });
    // A crash between an image's copy and its dating left it at SEEDED_AT: dated now (the history
    // table is there once migrate() has run, so no check for it on every start).
    if (!seeded && schemaImage) dateSeeded(db, schemaImage.clockCells, new Date());
    const report: MigrationReport = seeded
      ? { ...migrated, fromVersion: 0, applied: [...seeded.applied, ...migrated.applied], totalMs: seeded.ms + migrated.totalMs, fromImage: true }
      : migrated;
    timings.engineDone = now();
    // Migrations run with foreign keys off (SQLite's advice for schema changes) and are checked
    // with foreign_key_check; the app's own writes are enforced.
    db.exec('PRAGMA foreign_keys = ON');
    conn?.useForWrites?.(opened);
    timings.migrated = now();
    log.info(
      `[database] ready at V${report.toVersion}` +
        (report.fromImage
          ? ` (a new database, given V1–V${report.toVersion} as the build made them, checked, dated now)`
          : report.applied.length
          ? ` (from V${report.fromVersion}: ${report.applied.map((a) => `${migrationLabel(a)} ${a.ms.toFixed(1)} ms`).join(', ')}; backup ${report.backup ?? 'none'})`
          : ', nothing to migrate') + ` in ${report.totalMs.toFixed(1)} ms`,
    );
    setState({ phase: 'ready', report, persistent: conn !== null, timings });
    gate.open({ raw: opened, db, storage: conn, report });
    // What can wait does, so that the app is ready sooner (measured: ~19 ms of a warm start).
    housekeeping = setTimeout(() => void tidy(db), housekeepingDelayMs);
  }

  /** The schema image copied into a new database; null (and the migrations run) if it cannot be. */
  async function seed(sqlite3: Sqlite3Static, opened: Database, db: Db, image: SchemaImage) {
    const started = performance.now();
    try {
      return { applied: await seedFromImage(sqlite3, opened, db, image, migrations), ms: performance.now() - started };
    } catch (e) {
      log.error('[database] the schema image was not used, the migrations run instead:', e instanceof Error ? e.message : e);
      return null;
    }
  }

  /** Deletions stay in the trash for 30 days; request ids are kept a day for tabs resending; a key in clear is sealed. */
  async function tidy(db: Db): Promise<void> {
    if (closed) return;
    try {
      purgeDeleted(db);
      pruneApplied(db);
      if (secrets) await sealStoredSecret(db, secrets);
    } catch (e) {
      log.error('[database] housekeeping after start-up failed:', e instanceof Error ? e.message : e);
    }
    checkpoint();
  }

  /** Empties the write-ahead log into the file (a start after it reads no log back). */
  function checkpoint(): void {
    clearTimeout(idle);
    if (closed || !raw || !connection?.checkpoint) return;
    try {
      connection.checkpoint(raw);
    } catch (e) {
      // Nothing is lost: the log stays, and SQLite reads it back at the next start.
      log.error('[database] checkpoint failed:', e instanceof Error ? e.message : e);
    }
  }

  /** Takes the file; while another worker holds it, says so and tries again. */
  async function connect(sqlite3: Sqlite3Static): Promise<StorageConnection | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await storage.connect(sqlite3);
      } catch (e) {
        if (!(e instanceof DatabaseLockedError)) throw e;
        if (attempt === 2) locked(); // a closing owner takes a moment; longer than that is worth saying
        await new Promise((r) => setTimeout(r, retryDelays[Math.min(attempt, retryDelays.length - 1)]));
        if (closed) return null;
      }
    }
  }

  async function start(): Promise<void> {
    const reason = storage.unavailableReason();
    if (reason) return unavailable(new StorageUnavailableError(reason));
    try {
      if (!(await lock.tryAcquire())) {
        locked();
        await lock.acquire();
      }
      if (closed) return;
      const sqlite3 = await wasm;
      setState({ phase: 'loading', step: 'storage' });
      connection = await connect(sqlite3);
      if (!connection) return;
      timings.vfsReady = now();
      setState({ phase: 'loading', step: 'open' });
      const opened = connection.open();
      timings.dbOpen = now();
      await migrateAndServe(opened, connection);
    } catch (e) {
      if (e instanceof StorageUnavailableError) return unavailable(e);
      fail(e);
    }
  }
  void start();

  return {
    get state() { return states.current; },
    onChange: states.listen,
    session: () => gate.wait(),
    sqlite: () => wasm,
    connection: () => connection,
    async useMemoryDatabase() {
      if (states.current.phase !== 'unavailable') throw new Error('A memory database is only offered when storage is unavailable.');
      try {
        const sqlite3 = await wasm;
        await migrateAndServe(new sqlite3.oo1.DB(':memory:'), null);
      } catch (e) {
        fail(e);
      }
    },
    wrote() {
      clearTimeout(idle);
      idle = setTimeout(checkpoint, checkpointDelayMs);
    },
    async replaceDatabase(incoming, beforeSwap = () => {}) {
      const sqlite3 = await wasm;
      const current = raw;
      if (!connection) {
        if (!current) throw new Error('The database storage is not open in this tab.');
        beforeSwap(null);
        copyDatabase(sqlite3, incoming, current); // a memory database: nothing to back up
        return { backup: null };
      }
      // The version it is at, if its history can be read (a damaged file's cannot: not 0, unknown).
      let version: number | null = null;
      try { if (current) version = readHistory(sqliteDriver(current)).at(-1)?.version ?? 0; } catch { /* unknown */ }
      const backup = await storage.writeBackup(connection.exportFile(), version, 'restore');
      beforeSwap(backup);
      try {
        if (!current) throw new Error('no database open');
        const t0 = now();
        log.info('[database] restore: swapping the database in');
        copyDatabase(sqlite3, incoming, current);
        log.info(`[database] restore: swapped in ${(now() - t0).toFixed(0)} ms`);
      } catch (e) {
        // Only a start-up that failed gets the file overwritten: its database is unusable anyway,
        // and its bytes are in the backup. A working one stays as it was (the copy rolled back).
        if (states.current.phase !== 'failed') throw e;
        current?.close();
        raw = null;
        connection.replaceFile(exportDb(sqlite3, incoming));
      }
      return { backup };
    },
    async close() {
      closed = true;
      clearTimeout(housekeeping);
      clearTimeout(idle);
      raw?.close();
      raw = null;
      connection?.release();
      connection = null;
      lock.release();
    },
  };
}
