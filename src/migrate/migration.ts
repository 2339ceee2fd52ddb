import { refineryChecksum } from './checksum.ts';
import { InvalidMigrationFileError } from './errors.ts';
import { migrationLabel, parseMigrationFileName } from './migration-name.ts';
import { ALLOWED_PRAGMAS, pragmaName, statementSpans, TRANSACTION_CONTROL, type StatementSpan } from './sql-statements.ts';

/** One bundled migration, as the build embeds it. */
export interface Migration {
  version: number;
  name: string;
  /** The file's exact text: its checksum covers every byte. */
  sql: string;
  /** refinery's checksum, decimal text. */
  checksum: string;
  /** The statements, when already split (at build time); otherwise the engine splits `sql`. */
  statements?: readonly StatementSpan[];
}

/**
 * Checks one migration file the way the build must (name, transaction control) and returns it
 * with its checksum. `file` is only used in messages.
 */
export function loadMigration(file: string, sql: string): Migration {
  const parsed = parseMigrationFileName(file.split(/[\\/]/).pop()!);
  if (!parsed.ok) throw new InvalidMigrationFileError(file, parsed.reason);
  if (parsed.prefix === 'U') {
    throw new InvalidMigrationFileError(file, 'unversioned (U) migrations are not supported: name it V{number}__{name}.sql');
  }
  const statements = statementSpans(sql);
  for (const st of statements) {
    if (TRANSACTION_CONTROL.has(st.keyword)) {
      throw new InvalidMigrationFileError(
        file,
        `line ${st.line}: ${st.keyword} controls the transaction; migrations run inside one transaction that the app manages`,
      );
    }
    if (st.keyword === 'PRAGMA') {
      const name = pragmaName(sql.slice(st.start, st.end));
      if (!ALLOWED_PRAGMAS.has(name)) {
        throw new InvalidMigrationFileError(
          file,
          `line ${st.line}: PRAGMA ${name || '(unnamed)'} is not allowed in a migration: it can end or weaken the one transaction all pending migrations run in, or change the app's connection (allowed: ${[...ALLOWED_PRAGMAS].join(', ')})`,
        );
      }
    }
  }
  return { version: parsed.version, name: parsed.name, sql, checksum: refineryChecksum(parsed.version, parsed.name, sql), statements };
}

/** Sorts by version and refuses two migrations with one version. */
export function sortMigrations<M extends Migration>(migrations: readonly M[], fileOf = (m: M) => `${migrationLabel(m)}.sql`): M[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].version === sorted[i - 1].version) {
      throw new InvalidMigrationFileError(
        fileOf(sorted[i]),
        `version ${sorted[i].version} is also used by ${fileOf(sorted[i - 1])}`,
      );
    }
  }
  return sorted;
}
