import { rmSync } from 'node:fs';
import { describeDesktopHistory, foreignHistoryReason, recogniseDesktopHistory, type DesktopHistory } from '../db/desktop/lineage.ts';
import { SqliteFileError } from '../db/sqlite/sqlite-bytes.ts';
import {
  errorMessage, migrate, MigrationEngineError, migrationLabel, readHistory, verifyHistory, type Migration, type MigrateMode,
} from '../migrate/index.ts';
import { commitDatabaseFile, DatabaseBusyError, openDatabaseFile, writeBackup, type OpenedFile } from './database-file.ts';
import { nativeDriver } from './native-sqlite.ts';

export const EXIT = { ok: 0, refused: 1, failed: 2, badInput: 3, busy: 4, usage: 64 } as const;

const DEFAULT_WAIT_MS = 5000;

export const USAGE = `usage: npm run db -- <command> <file.sqlite3> [--target N] [--json] [--wait MS]

commands:
  status    show the schema version, the history and what is pending (writes nothing)
  verify    check the history against the bundled migrations (writes nothing)
  migrate   apply every pending migration in one transaction (backs the file up first)
  baseline  record pending migrations as applied without running them (adopt an existing database)

The file is opened with SQLite itself and locked for the whole run: other programs can go on
reading it, none can write until the run ends. --wait: how long to wait for another program's
lock (default ${DEFAULT_WAIT_MS} ms).

exit codes: 0 ok, 1 refused (missing, divergent, out of order), 2 a migration failed (file untouched),
            3 bad input (not a file, not SQLite, corrupt), 4 busy (another program holds the file),
            64 bad command line`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

interface Args {
  command: 'status' | 'verify' | 'migrate' | 'baseline';
  file: string;
  target?: number;
  json: boolean;
  waitMs: number;
}

function parseArgs(argv: readonly string[]): Args | string {
  const positional: string[] = [];
  const numbers: Record<'--target' | '--wait', number | undefined> = { '--target': undefined, '--wait': undefined };
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const flag = (['--target', '--wait'] as const).find((f) => a === f || a.startsWith(`${f}=`));
    if (a === '--json') json = true;
    else if (flag) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!/^\d+$/.test(value ?? '')) return `${flag} needs a whole number, got ${value ?? 'nothing'}`;
      numbers[flag] = Number(value);
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else positional.push(a);
  }
  const [command, file, ...rest] = positional;
  if (!command) return 'no command given';
  if (!['status', 'verify', 'migrate', 'baseline'].includes(command)) return `unknown command ${command}`;
  if (!file) return `${command} needs a database file`;
  if (rest.length) return `unexpected argument ${rest[0]}`;
  return { command: command as Args['command'], file, target: numbers['--target'], json, waitMs: numbers['--wait'] ?? DEFAULT_WAIT_MS };
}

/** How a desktop database comes into the app: not by this CLI, whose migrations are this app's. */
const BRING_IN = `To bring it into Upwork Researcher, close the desktop app, then in the app's Database panel use
"Import a JSON export or a database file" (adds its proposals and everything else to yours) or
"Replace the database with a database file" (it becomes your database, converted to this app's schema).
If a -wal file is beside it, choose both together. This CLI does not migrate it: its history is the desktop app's.`;

/** The desktop app's database, or a history that is neither its nor this app's, refused in words. */
class DesktopDatabaseError extends Error {
  readonly kind = 'desktop';
  constructor(readonly path: string, readonly desktop: DesktopHistory) {
    super(desktop.kind === 'desktop'
      ? `${path} is ${describeDesktopHistory(desktop)}: it is not migrated with this CLI.\n${BRING_IN}`
      : `${path} cannot be used: ${desktop.reason}`);
    this.name = 'DesktopDatabaseError';
  }
}

const exitFor = (e: unknown): number =>
  e instanceof SqliteFileError ? EXIT.badInput
    : e instanceof DatabaseBusyError ? EXIT.busy
      : e instanceof DesktopDatabaseError ? EXIT.refused
      : e instanceof MigrationEngineError
        ? (['missing', 'divergent', 'invalid-history'].includes(e.kind) ? EXIT.refused : EXIT.failed)
        : EXIT.failed;

/** Runs one CLI command on a database file and returns the process exit code. */
export async function runDbCli(argv: readonly string[], migrations: readonly Migration[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.err(`error: ${args}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const write = args.command === 'migrate' || args.command === 'baseline';
  let file: OpenedFile | undefined;
  let backup: string | null = null;
  try {
    file = openDatabaseFile(args.file, { write, waitMs: args.waitMs });
    const driver = nativeDriver(file.db);

    const history = readHistory(driver);
    const foreign = migrations[0] ? foreignHistoryReason(history, migrations[0]) : null;
    const desktop = recogniseDesktopHistory(history) ?? (foreign ? { kind: 'refused' as const, reason: foreign } : null);
    if (desktop && (args.command !== 'status' || desktop.kind === 'refused')) throw new DesktopDatabaseError(args.file, desktop);

    if (desktop?.kind === 'desktop') {
      if (args.json) {
        io.out(JSON.stringify({ desktop: { version: desktop.version, lineEndings: desktop.lineEndings }, history }));
        return EXIT.ok;
      }
      io.out(`${args.file}: ${describeDesktopHistory(desktop)}${file.wal ? ' (WAL mode)' : ''}`);
      for (const h of history) io.out(`  applied  V${h.version}__${h.name}  ${h.appliedOn}  ${h.checksum}`);
      io.out(BRING_IN);
      return EXIT.ok;
    }

    if (args.command === 'status') {
      const pending = verifyHistory(history, migrations);
      if (args.json) {
        io.out(JSON.stringify({ history, pending: pending.map(({ version, name }) => ({ version, name })) }));
        return EXIT.ok;
      }
      io.out(`${args.file}: ${!file.empty ? `schema version ${history.at(-1)?.version ?? 0}` : 'empty file (a new database)'}${file.wal ? ' (WAL mode)' : ''}`);
      for (const h of history) io.out(`  applied  ${migrationLabel(h)}  ${h.appliedOn}  ${h.checksum}`);
      for (const p of pending) io.out(`  pending  ${migrationLabel(p)}`);
      io.out(pending.length ? `${pending.length} pending migration(s)` : 'up to date');
      return EXIT.ok;
    }

    const mode: MigrateMode = args.command === 'verify' ? 'verify' : args.command === 'baseline' ? 'baseline' : 'migrate';
    // The write lock is held from here to COMMIT: the copy is of exactly what is migrated, and it
    // is taken of any non-empty file, history or not.
    const plan = write && !file.empty ? await migrate(driver, migrations, { mode: 'verify', target: args.target }) : null;
    if (plan?.pending.length) backup = writeBackup(file, plan.fromVersion, file.db.serialize());
    const report = await migrate(driver, migrations, { mode, target: args.target });
    if (write) commitDatabaseFile(file, args.file, args.waitMs);
    report.backup = backup;

    if (args.json) io.out(JSON.stringify(report));
    else if (mode === 'verify') {
      io.out(`${args.file}: verified at V${report.fromVersion}; ${report.pending.length ? `pending: ${report.pending.map(migrationLabel).join(', ')}` : 'nothing pending'}`);
    } else if (!report.applied.length) io.out(`${args.file}: nothing to do, at V${report.fromVersion} (file untouched)`);
    else {
      const verb = mode === 'baseline' ? 'recorded without running' : 'applied';
      for (const a of report.applied) io.out(`  ${verb}  ${migrationLabel(a)}  ${a.ms.toFixed(1)} ms`);
      io.out(`${args.file}: V${report.fromVersion} → V${report.toVersion} in ${report.totalMs.toFixed(1)} ms${report.backup ? `; backup: ${report.backup}` : ''}`);
    }
    return EXIT.ok;
  } catch (e) {
    // Nothing was committed: the copy of an unchanged file is only clutter.
    if (backup) rmSync(backup, { force: true });
    const code = exitFor(e);
    const what = code === EXIT.refused ? 'refused' : code === EXIT.badInput ? 'bad input' : code === EXIT.busy ? 'busy' : 'failed';
    io.err(`${what}: ${errorMessage(e)}${write && (code === EXIT.failed || code === EXIT.busy) ? `\n${args.file} was not changed.` : ''}`);
    return code;
  } finally {
    file?.db.close(); // an open transaction is rolled back
  }
}
