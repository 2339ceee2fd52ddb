import type { Database } from '@sqlite.org/sqlite-wasm';
import type { Db, Row, SqlValue } from '../domain/db.ts';

// "SQLITE_ERROR: sqlite3 result code 1: near "X": syntax error" → "SQLITE_ERROR: near "X": syntax error"
export const cleanSqliteMessage = (message: string) => message.replace(/ sqlite3 result code \d+:/, '');

function rethrowClean(e: unknown): never {
  if (e instanceof Error) e.message = cleanSqliteMessage(e.message);
  throw e;
}

/** Adapts an sqlite-wasm oo1 database (browser or Node) to the repositories' and the engine's interface. */
export function sqliteDriver(db: Database): Db {
  return {
    exec(sql) {
      try {
        db.exec(sql);
      } catch (e) {
        rethrowClean(e);
      }
    },
    query(sql, params = []) {
      try {
        return db.exec({ sql, bind: params as SqlValue[], rowMode: 'object', returnValue: 'resultRows' }) as Row[];
      } catch (e) {
        rethrowClean(e);
      }
    },
  };
}
