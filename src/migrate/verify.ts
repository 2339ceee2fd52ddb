import { DivergentMigrationError, MissingMigrationError } from './errors.ts';
import type { AppliedMigration } from './history.ts';
import type { Migration } from './migration.ts';

/**
 * refinery's verification, in its order: each applied row (ascending) must have a bundled
 * migration with the same name and checksum; then no unapplied migration may sit at or below the
 * newest applied version. Returns the migrations still to apply, ascending.
 */
export function verifyHistory(applied: readonly AppliedMigration[], bundled: readonly Migration[]): Migration[] {
  const byVersion = new Map(bundled.map((m) => [m.version, m]));
  const newestBundled = bundled.length ? bundled[bundled.length - 1].version : 0;
  for (const row of applied) {
    const m = byVersion.get(row.version);
    if (!m) {
      throw new MissingMigrationError(row.version, row.name, row.version > newestBundled ? 'newer-database' : 'deleted', newestBundled);
    }
    if (m.name !== row.name || BigInt(m.checksum) !== BigInt(row.checksum)) {
      throw new DivergentMigrationError(row.version, row.name, row.checksum, m.name, m.checksum);
    }
  }
  const newestApplied = applied.length ? applied[applied.length - 1].version : 0;
  const done = new Set(applied.map((r) => r.version));
  const pending = bundled.filter((m) => !done.has(m.version));
  const early = pending.find((m) => m.version <= newestApplied);
  if (early) throw new MissingMigrationError(early.version, early.name, 'out-of-order', newestBundled);
  return pending;
}
