import { migrationLabel } from './migration-name.ts';

// Typed errors: each says what failed and where, and carries the facts as fields so the UI,
// the CLI and tests can act on them without parsing messages.

export interface MigrationRef {
  version: number;
  name: string;
}



export abstract class MigrationEngineError extends Error {
  abstract readonly kind: string;
  /** Plain data for crossing a worker boundary or printing as JSON. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, kind: this.kind, message: this.message };
  }
}

/** A bundled migration file is unusable (bad name, duplicate version, not UTF-8, transaction control). */
export class InvalidMigrationFileError extends MigrationEngineError {
  readonly kind = 'invalid-file';
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'InvalidMigrationFileError';
  }
}

/** The history table holds a row refinery itself could not read. */
export class InvalidHistoryError extends MigrationEngineError {
  readonly kind = 'invalid-history';
  constructor(readonly version: unknown, readonly reason: string) {
    super(`refinery_schema_history row for version ${String(version)}: ${reason}`);
    this.name = 'InvalidHistoryError';
  }
}

/**
 * An applied migration has no bundled counterpart. `newer-database`: its version is above every
 * bundled one, so a newer app wrote it. `deleted`: a file in the middle went away.
 * `out-of-order`: a bundled migration older than the newest applied one was never applied.
 */
export class MissingMigrationError extends MigrationEngineError {
  readonly kind = 'missing';
  constructor(
    readonly version: number,
    readonly migrationName: string,
    readonly reason: 'newer-database' | 'deleted' | 'out-of-order',
    readonly newestBundled: number,
  ) {
    super(
      reason === 'out-of-order'
        ? `migration ${migrationLabel({ version, name: migrationName })} is missing from the database: it is older than the newest applied migration, so it would run out of order`
        : reason === 'newer-database'
          ? `migration ${migrationLabel({ version, name: migrationName })} is missing from the filesystem: the database was updated by a newer version of the app (this one knows up to V${newestBundled})`
          : `migration ${migrationLabel({ version, name: migrationName })} is missing from the filesystem: it was applied but no bundled file has its version`,
    );
    this.name = 'MissingMigrationError';
  }
}

/** An applied migration's file was changed (name or checksum differ from the history row). */
export class DivergentMigrationError extends MigrationEngineError {
  readonly kind = 'divergent';
  constructor(
    readonly version: number,
    readonly appliedName: string,
    readonly appliedChecksum: string,
    readonly bundledName: string,
    readonly bundledChecksum: string,
  ) {
    super(
      `applied migration ${migrationLabel({ version, name: appliedName })} is different than filesystem one ${migrationLabel({ version, name: bundledName })}` +
        (appliedChecksum !== bundledChecksum
          ? ` (checksum ${appliedChecksum} in the database, ${bundledChecksum} in the file: the file was changed after it was applied)`
          : ' (the name was changed after it was applied)'),
    );
    this.name = 'DivergentMigrationError';
  }
}

/** A statement of a migration failed; everything in the batch was rolled back. */
export class MigrationFailedError extends MigrationEngineError {
  readonly kind = 'failed';
  constructor(
    readonly version: number,
    readonly migrationName: string,
    readonly line: number,
    readonly statement: string,
    readonly sqliteMessage: string,
  ) {
    super(
      `migration ${migrationLabel({ version, name: migrationName })} failed at line ${line}: ${sqliteMessage}` +
        ` — in: ${statement.length > 200 ? statement.slice(0, 200) + '…' : statement}`,
    );
    this.name = 'MigrationFailedError';
  }
}

/**
 * A statement of a migration ended the batch transaction or changed its journal mode (a file built
 * without the build's checks): the run stopped there and rolled back what the journal still could.
 */
export class BatchWeakenedError extends MigrationEngineError {
  readonly kind = 'batch-weakened';
  constructor(
    readonly version: number,
    readonly migrationName: string,
    readonly line: number,
    readonly statement: string,
    readonly what: string,
  ) {
    super(`migration ${migrationLabel({ version, name: migrationName })} line ${line} ${what}; the run was stopped and rolled back — in: ${statement.slice(0, 200)}`);
    this.name = 'BatchWeakenedError';
  }
}

/** PRAGMA foreign_key_check found rows breaking a constraint after the batch ran; rolled back. */
export class ForeignKeyCheckError extends MigrationEngineError {
  readonly kind = 'foreign-key';
  constructor(
    readonly lastVersion: number,
    readonly violations: { table: string; rowid: number | null; parent: string }[],
  ) {
    const first = violations[0];
    super(
      `foreign key check failed after migrating to V${lastVersion}: ${violations.length} row(s) break a constraint,` +
        ` first in table ${first.table} (rowid ${first.rowid}) referencing ${first.parent}`,
    );
    this.name = 'ForeignKeyCheckError';
  }
}

/** Something outside any migration's SQL failed (BEGIN, COMMIT, the history table, a backup). */
export class MigrationRunError extends MigrationEngineError {
  readonly kind = 'run';
  constructor(readonly step: string, readonly sqliteMessage: string) {
    super(`${step} failed: ${sqliteMessage}`);
    this.name = 'MigrationRunError';
  }
}

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
