import { tableExists, type MigrationDb } from './database.ts';
import { InvalidHistoryError } from './errors.ts';
import { MAX_VERSION } from './migration-name.ts';

export const HISTORY_TABLE = 'refinery_schema_history';

// Byte for byte the statement refinery runs, so sqlite_master reads the same either way.
export const HISTORY_DDL = `CREATE TABLE IF NOT EXISTS refinery_schema_history(
             version INT4 PRIMARY KEY,
             name VARCHAR(255),
             applied_on VARCHAR(255),
             checksum VARCHAR(255));`;

export interface AppliedMigration {
  version: number;
  name: string;
  appliedOn: string;
  checksum: string;
}

let lastTime = NaN;
let lastText = '';

/** refinery's `applied_on`: RFC 3339 UTC, fraction without trailing zeros, none when zero. */
export function formatAppliedOn(date: Date): string {
  const time = date.getTime();
  // A batch records many migrations within one millisecond: format each millisecond once.
  if (time === lastTime) return lastText;
  const iso = date.toISOString(); // 2026-11-23T22:57:38.610Z
  const [whole, fraction] = iso.slice(0, -1).split('.');
  const trimmed = fraction.replace(/0+$/, '');
  lastTime = time;
  return (lastText = `${whole}${trimmed ? '.' + trimmed : ''}Z`);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Accepts what refinery accepts: RFC 3339 with `Z` or an offset. Returns null when it is not. */
export function parseAppliedOn(text: string): Date | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, , mo, d, h, mi, s] = m.map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const ms = Date.parse(text.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? null : new Date(ms);
}

const U64_MAX = (1n << 64n) - 1n;

export const historyTableExists = (db: MigrationDb): boolean => tableExists(db, HISTORY_TABLE);

/** Reads the history in refinery's order, refusing any row refinery itself would fail on. */
export function readHistory(db: MigrationDb): AppliedMigration[] {
  if (!historyTableExists(db)) return [];
  const rows = db.query(
    `SELECT version, name, applied_on, checksum FROM ${HISTORY_TABLE} ORDER BY version ASC;`,
  );
  return rows.map((row) => {
    const { version, name, applied_on: appliedOn, checksum } = row;
    const v = typeof version === 'bigint' ? Number(version) : version;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_VERSION) {
      throw new InvalidHistoryError(version, `version is not an integer from 0 to ${MAX_VERSION}`);
    }
    if (typeof name !== 'string') throw new InvalidHistoryError(v, 'name is missing');
    if (typeof appliedOn !== 'string' || !parseAppliedOn(appliedOn)) {
      throw new InvalidHistoryError(v, `applied_on ${JSON.stringify(appliedOn)} is not an RFC 3339 date`);
    }
    if (typeof checksum !== 'string' || !/^\d{1,20}$/.test(checksum) || BigInt(checksum) > U64_MAX) {
      throw new InvalidHistoryError(v, `checksum ${JSON.stringify(checksum)} is not an unsigned 64-bit decimal`);
    }
    return { version: v, name, appliedOn, checksum };
  });
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Inserts history rows in one statement with literal values: binding four parameters a row costs
 * more than SQLite's work for the row (1.8 ms of a 2.4 ms engine overhead at 200 migrations).
 * Every text is quoted and every version checked to be an integer.
 */
export function insertHistoryRows(db: MigrationDb, rows: readonly AppliedMigration[]): void {
  if (rows.length === 0) return;
  for (const r of rows) if (!Number.isInteger(r.version)) throw new Error(`version ${r.version} is not an integer`);
  const values = rows.map((r) => `(${r.version}, ${quote(r.name)}, ${quote(r.appliedOn)}, ${quote(r.checksum)})`);
  db.exec(`INSERT INTO ${HISTORY_TABLE} (version, name, applied_on, checksum) VALUES ${values.join(', ')}`);
}
