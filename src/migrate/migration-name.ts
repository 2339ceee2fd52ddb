// refinery's file-name rules, with its own messages, so a file accepted here is accepted there.

export const MAX_VERSION = 2147483647;

/** `V3__add_status`: how a migration is named everywhere (its file, without `.sql`). */
export const migrationLabel = (m: { version: number; name: string }) => `V${m.version}__${m.name}`;

export type ParsedName =
  | { ok: true; prefix: 'V' | 'U'; version: number; name: string }
  | { ok: false; reason: string };

// Rust's Unicode `\w`: letters, marks, decimal digits, connector punctuation, join controls.
const FORMAT = /^([UV])(\d+(?:\.\d+)?)__([\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]+)$/u;

/** Parses a migration's base name without the `.sql` extension, e.g. `V1__initial_schema`. */
export function parseMigrationName(stem: string): ParsedName {
  const m = FORMAT.exec(stem);
  if (!m) return { ok: false, reason: 'migration name must be in the format V{number}__{name}' };
  const digits = m[2];
  if (!/^\d+$/.test(digits)) return { ok: false, reason: 'migration version must be a valid integer' };
  const version = Number(digits.replace(/^0+(?=\d)/, ''));
  if (!Number.isSafeInteger(version) || version < 1 || version > MAX_VERSION) {
    return {
      ok: false,
      reason: `migration version must be a valid integer from 1 to ${MAX_VERSION} (got ${digits})`,
    };
  }
  return { ok: true, prefix: m[1] as 'V' | 'U', version, name: m[3] };
}

/** Parses a file name such as `V2__add_settings_table.sql`. */
export function parseMigrationFileName(fileName: string): ParsedName {
  if (!fileName.endsWith('.sql')) return { ok: false, reason: 'a migration file name must end in .sql' };
  return parseMigrationName(fileName.slice(0, -'.sql'.length));
}
