import type { MigrationDb } from './database.ts';
import {
  BatchWeakenedError, errorMessage, ForeignKeyCheckError, MigrationEngineError, MigrationFailedError, MigrationRunError,
} from './errors.ts';
import { formatAppliedOn, HISTORY_DDL, insertHistoryRows, readHistory, type AppliedMigration } from './history.ts';
import { sortMigrations, type Migration } from './migration.ts';
import { statementSpans } from './sql-statements.ts';
import { inTransaction, withTransaction } from './transaction.ts';
import { verifyHistory } from './verify.ts';

export type MigrateMode = 'migrate' | 'verify' | 'baseline';

export interface MigrateOptions {
  /** Apply (or record) nothing above this version. */
  target?: number;
  /** `verify`: check and plan, write nothing. `baseline`: record history without running SQL (refinery's "fake"). */
  mode?: MigrateMode;
  /**
   * Called once, before anything is written, when migrations are about to be applied to a
   * database that already has history. Returns the backup's name; throwing aborts the run.
   */
  backup?: (plan: { fromVersion: number; pending: readonly Migration[] }) => Promise<string> | string;
  onProgress?: (step: { index: number; total: number; version: number; name: string }) => void;
  now?: () => Date;
  clock?: () => number;
}

export interface AppliedReport {
  version: number;
  name: string;
  ms: number;
}

export interface MigrationReport {
  mode: MigrateMode;
  /** Newest applied version before the run; 0 for a new database. */
  fromVersion: number;
  /** Newest applied version after the run (equals fromVersion for verify or nothing to do). */
  toVersion: number;
  /** Migrations applied (or recorded, for baseline) in this run. */
  applied: AppliedReport[];
  /** For verify: the migrations a run would apply. Empty otherwise. */
  pending: { version: number; name: string }[];
  backup: string | null;
  totalMs: number;
  /** A new database that was given these migrations' database, made at build time, rather than running them. */
  fromImage?: boolean;
}

const newest = (history: readonly AppliedMigration[]) => (history.length ? history[history.length - 1].version : 0);

/** Runs one step of the engine's own, so that an untyped failure says which step it was. */
function inStep(step: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    throw e instanceof MigrationEngineError || e instanceof WholeMigrationError ? e : new MigrationRunError(step, errorMessage(e));
  }
}

/**
 * Verifies the database's history against `bundled` and applies every pending migration and its
 * history row in ONE transaction: all commit together, or the database is left as it was.
 */
export async function migrate(db: MigrationDb, bundled: readonly Migration[], options: MigrateOptions = {}): Promise<MigrationReport> {
  const clock = options.clock ?? (() => performance.now());
  const now = options.now ?? (() => new Date());
  const mode = options.mode ?? 'migrate';
  const started = clock();
  const migrations = sortMigrations(bundled);
  const plan = (history: readonly AppliedMigration[]) =>
    verifyHistory(history, migrations).filter((m) => options.target === undefined || m.version <= options.target);

  const before = readHistory(db);
  const fromVersion = newest(before);
  const firstPlan = plan(before);
  const report: MigrationReport = { mode, fromVersion, toVersion: fromVersion, applied: [], pending: [], backup: null, totalMs: 0 };
  const finish = () => ((report.totalMs = clock() - started), report);

  if (mode === 'verify') {
    report.pending = firstPlan.map(({ version, name }) => ({ version, name }));
    return finish();
  }
  if (firstPlan.length === 0) return finish();
  if (before.length > 0 && options.backup) report.backup = await options.backup({ fromVersion, pending: firstPlan });

  // Statement failures arrive typed; only BEGIN or COMMIT themselves can fail untyped here.
  const journal = journalMode(db);
  const joinOpen = inTransaction(db);
  /**
   * The whole batch in one transaction; `stepwise`: every migration a statement at a time.
   * `unlessFailed`: thrown at the end if nothing failed before, so that the batch is rolled back.
   */
  const applyBatch = (stepwise: boolean, unlessFailed?: Error) => inStep('the migration transaction', () => withTransaction(db, () => {
    // Another connection may have migrated between the first read and the lock: plan again.
    const pending = plan(readHistory(db));
    inStep('creating refinery_schema_history', () => db.exec(HISTORY_DDL));
    const rows: AppliedMigration[] = [];
    pending.forEach((m, index) => {
      if (!stepwise) options.onProgress?.({ index, total: pending.length, version: m.version, name: m.name });
      const t0 = clock();
      if (mode === 'migrate') applyMigration(db, m, journal, stepwise);
      // applied_on is each migration's own finishing time, as refinery records it.
      rows.push({ version: m.version, name: m.name, appliedOn: formatAppliedOn(now()), checksum: m.checksum });
      report.applied.push({ version: m.version, name: m.name, ms: clock() - t0 });
    });
    inStep('recording the migrations in refinery_schema_history', () => insertHistoryRows(db, rows));
    if (mode === 'migrate') checkForeignKeys(db, pending[pending.length - 1]?.version ?? fromVersion);
    if (unlessFailed) throw unlessFailed;
  }, joinOpen));
  try {
    try {
      applyBatch(false);
    } catch (e) {
      if (!(e instanceof WholeMigrationError)) throw e;
      // Rolled back: run it again a statement at a time, to name the statement that fails.
      // If it does not fail again, the first failure stands, and this run is rolled back too: a
      // migration that failed once is not applied by a second try the user never asked for.
      report.applied = [];
      applyBatch(true, new MigrationFailedError(e.migration.version, e.migration.name, 1, e.migration.sql, e.message));
    }
  } finally {
    // A statement that changed the journal mode was stopped and rolled back: the connection goes
    // on with the mode it had.
    if (journalMode(db) !== journal && /^\w+$/.test(journal)) db.exec(`PRAGMA journal_mode = ${journal}`);
  }
  report.toVersion = report.applied.length ? report.applied[report.applied.length - 1].version : fromVersion;
  return finish();
}

const journalMode = (db: MigrationDb) => String(db.query('PRAGMA journal_mode')[0]?.journal_mode ?? '');

/** A migration run whole failed: the batch is rolled back and run again a statement at a time. */
class WholeMigrationError extends Error {
  constructor(readonly migration: Migration, message: string) {
    super(message);
  }
}

// A migration runs whole, in one call to SQLite (measured: the engine's overhead over raw SQL
// went from 1.14 to 1.10; running each statement on its own costs a call each). If one fails, the
// batch is rolled back and run again a statement at a time, so that the error names the statement
// and its line. A migration with a PRAGMA always runs a statement at a time: the build refuses
// those that could end or weaken the batch transaction, and one that got past it anyway (a
// migration loaded some other way) is caught right after it runs, before a later statement can
// change anything the journal would not undo.
function applyMigration(db: MigrationDb, m: Migration, journal: string, stepwise: boolean): void {
  const statements = m.statements ?? statementSpans(m.sql);
  if (!stepwise && !statements.some((st) => st.keyword === 'PRAGMA')) {
    try {
      db.exec(m.sql);
    } catch (e) {
      throw new WholeMigrationError(m, errorMessage(e));
    }
    return;
  }
  for (const st of statements) {
    const sql = m.sql.slice(st.start, st.end);
    try {
      db.exec(sql);
    } catch (e) {
      throw new MigrationFailedError(m.version, m.name, st.line, sql, errorMessage(e));
    }
    if (st.keyword !== 'PRAGMA') continue;
    const now = journalMode(db);
    if (now !== journal) throw new BatchWeakenedError(m.version, m.name, st.line, sql, `changed the journal mode from ${journal} to ${now}`);
    if (!inTransaction(db)) throw new BatchWeakenedError(m.version, m.name, st.line, sql, 'ended the transaction');
  }
}

function checkForeignKeys(db: MigrationDb, lastVersion: number): void {
  let rows: ReturnType<MigrationDb['query']> = [];
  inStep('PRAGMA foreign_key_check', () => (rows = db.query('PRAGMA foreign_key_check')));
  if (rows.length) {
    throw new ForeignKeyCheckError(
      lastVersion,
      rows.map((r) => ({ table: String(r.table), rowid: r.rowid === null ? null : Number(r.rowid), parent: String(r.parent) })),
    );
  }
}
