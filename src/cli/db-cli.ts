import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { exportDb, SqliteFileError } from '../db/sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../db/sqlite/sqlite-driver.ts';
import {
  errorMessage, migrate, MigrationEngineError, readHistory, verifyHistory, type Migration, type MigrateMode,
} from '../migrate/index.ts';
import { backupDatabaseFile, openDatabaseFile, writeDatabaseFile } from './database-file.ts';

export const EXIT = { ok: 0, refused: 1, failed: 2, badInput: 3, usage: 64 } as const;

export const USAGE = `usage: npm run db -- <command> <file.sqlite3> [--target N] [--json]

commands:
  status    show the schema version, the history and what is pending (writes nothing)
  verify    check the history against the bundled migrations (writes nothing)
  migrate   apply every pending migration in one transaction (backs the file up first)
  baseline  record pending migrations as applied without running them (adopt an existing database)

exit codes: 0 ok, 1 refused (missing, divergent, out of order), 2 a migration failed (file untouched),
            3 bad input (not a file, not SQLite, corrupt), 64 bad command line`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

interface Args {
  command: 'status' | 'verify' | 'migrate' | 'baseline';
  file: string;
  target?: number;
  json: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  const positional: string[] = [];
  let target: number | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--target' || a.startsWith('--target=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!/^\d+$/.test(value ?? '')) return `--target needs a version number, got ${value ?? 'nothing'}`;
      target = Number(value);
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else positional.push(a);
  }
  const [command, file, ...rest] = positional;
  if (!command) return 'no command given';
  if (!['status', 'verify', 'migrate', 'baseline'].includes(command)) return `unknown command ${command}`;
  if (!file) return `${command} needs a database file`;
  if (rest.length) return `unexpected argument ${rest[0]}`;
  return { command: command as Args['command'], file, target, json };
}

const exitFor = (e: unknown): number =>
  e instanceof SqliteFileError ? EXIT.badInput
    : e instanceof MigrationEngineError
      ? (['missing', 'divergent', 'invalid-history'].includes(e.kind) ? EXIT.refused : EXIT.failed)
      : EXIT.failed;

/** Runs one CLI command on a database file and returns the process exit code. */
export async function runDbCli(argv: readonly string[], sqlite3: Sqlite3Static, migrations: readonly Migration[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.err(`error: ${args}\n\n${USAGE}`);
    return EXIT.usage;
  }
  let db;
  try {
    const file = openDatabaseFile(sqlite3, args.file, { write: args.command === 'migrate' || args.command === 'baseline' });
    db = file.db;
    const driver = sqliteDriver(db);

    if (args.command === 'status') {
      const history = readHistory(driver);
      const pending = verifyHistory(history, migrations);
      if (args.json) {
        io.out(JSON.stringify({ history, pending: pending.map(({ version, name }) => ({ version, name })) }));
        return EXIT.ok;
      }
      io.out(`${args.file}: ${!file.empty ? `schema version ${history.at(-1)?.version ?? 0}` : 'empty file (a new database)'}${file.wal ? ' (WAL mode)' : ''}`);
      for (const h of history) io.out(`  applied  V${h.version}__${h.name}  ${h.appliedOn}  ${h.checksum}`);
      for (const p of pending) io.out(`  pending  V${p.version}__${p.name}`);
      io.out(pending.length ? `${pending.length} pending migration(s)` : 'up to date');
      return EXIT.ok;
    }

    const mode: MigrateMode = args.command === 'verify' ? 'verify' : args.command === 'baseline' ? 'baseline' : 'migrate';
    // The run works on a copy in memory: the file changes only when it is written back, so the
    // backup is taken then, of any non-empty file, and a failed run leaves no copy behind.
    const report = await migrate(driver, migrations, { mode, target: args.target });
    if (report.applied.length) {
      if (!file.empty) report.backup = backupDatabaseFile(file.path, report.fromVersion);
      writeDatabaseFile(file, exportDb(sqlite3, db));
    }

    if (args.json) io.out(JSON.stringify(report));
    else if (mode === 'verify') {
      io.out(`${args.file}: verified at V${report.fromVersion}; ${report.pending.length ? `pending: ${report.pending.map((p) => `V${p.version}__${p.name}`).join(', ')}` : 'nothing pending'}`);
    } else if (!report.applied.length) io.out(`${args.file}: nothing to do, at V${report.fromVersion} (file untouched)`);
    else {
      const verb = mode === 'baseline' ? 'recorded without running' : 'applied';
      for (const a of report.applied) io.out(`  ${verb}  V${a.version}__${a.name}  ${a.ms.toFixed(1)} ms`);
      io.out(`${args.file}: V${report.fromVersion} → V${report.toVersion} in ${report.totalMs.toFixed(1)} ms${report.backup ? `; backup: ${report.backup}` : ''}`);
    }
    return EXIT.ok;
  } catch (e) {
    const code = exitFor(e);
    const what = code === EXIT.refused ? 'refused' : code === EXIT.badInput ? 'bad input' : 'failed';
    io.err(`${what}: ${errorMessage(e)}${code === EXIT.failed && args.command !== 'status' ? `\n${args.file} was not changed.` : ''}`);
    return code;
  } finally {
    db?.close();
  }
}
