// Native SQLite (better-sqlite3) for the CLI: it works on the real file, so SQLite's own locks,
// journals and WAL protect it exactly as they protect the desktop app's own connection.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { MigrationDb, Row, SqlValue } from '../migrate/index.ts';

export type NativeDatabase = BetterSqlite3.Database;
type NativeOpen = (path: string, options?: BetterSqlite3.Options) => NativeDatabase;

/** better-sqlite3 is an optional dependency (it compiles SQLite): without it the CLI says so and stops. */
export class NativeSqliteMissingError extends Error {
  constructor(cause: unknown) {
    super(
      'the database CLI needs better-sqlite3 (native SQLite), which is not installed or did not build: ' +
      `run npm install with a C++ compiler and Python available (${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)})`,
    );
    this.name = 'NativeSqliteMissingError';
  }
}

let loaded: NativeOpen | undefined;

export function nativeSqlite(): NativeOpen {
  if (loaded) return loaded;
  try {
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
    return (loaded = (path, options) => new Database(path, options));
  } catch (e) {
    throw new NativeSqliteMissingError(e);
  }
}

/** SQLite's result code (SQLITE_BUSY, SQLITE_NOTADB…) of a native error, if it is one. */
export const sqliteCode = (e: unknown): string | undefined =>
  typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('SQLITE_') ? (e as { code: string }).code : undefined;

function withCode(e: unknown): never {
  const code = sqliteCode(e);
  if (code && e instanceof Error && !e.message.startsWith(code)) e.message = `${code}: ${e.message}`;
  throw e;
}

const bindable = (v: SqlValue) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);

/** The engine's interface over a native connection; errors carry SQLite's code first, as the WASM driver's do. */
export function nativeDriver(db: NativeDatabase): MigrationDb {
  return {
    exec(sql) {
      try {
        db.exec(sql);
      } catch (e) {
        withCode(e);
      }
    },
    query(sql, params = []) {
      try {
        const statement = db.prepare(sql);
        const values = params.map(bindable);
        if (statement.reader) return statement.all(...values) as Row[];
        statement.run(...values);
        return [];
      } catch (e) {
        withCode(e);
      }
    },
  };
}
