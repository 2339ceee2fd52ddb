import type { Database, PreparedStatement, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { Db, Row, SqlValue } from '../domain/db.ts';

// "SQLITE_ERROR: sqlite3 result code 1: near "X": syntax error" → "SQLITE_ERROR: near "X": syntax error"
export const cleanSqliteMessage = (message: string) => message.replace(/ sqlite3 result code \d+:/, '');

function rethrowClean(e: unknown): never {
  if (e instanceof Error) e.message = cleanSqliteMessage(e.message);
  throw e;
}

// Statements kept prepared per database: the app runs the same few dozen again and again, and
// preparing one cost more than running it (an autosave's write: 0.35 → 0.15 ms of SQL in Node).
const CACHED_STATEMENTS = 128;
// Only one statement is prepared from a text; a text with a `;` inside may hold more: it runs as before.
const oneStatement = (sql: string) => !sql.trimEnd().replace(/;$/, '').includes(';');

/**
 * Adapts an sqlite-wasm oo1 database (browser or Node) to the repositories' and the engine's
 * interface. Given `sqlite3`, `exec` runs its statements in C (sqlite3_exec), not one by one from
 * JavaScript as oo1's exec does: the app's schema (V1…V8) is created in 10.5 instead of 14.2 ms in
 * Node, more in a cold browser, whose JavaScript is not compiled yet.
 */
export function sqliteDriver(db: Database, sqlite3?: Sqlite3Static): Db {
  const cExec = sqlite3?.capi.sqlite3_exec;
  const cache = new Map<string, PreparedStatement>();
  function prepared(sql: string): PreparedStatement {
    let stmt = cache.get(sql);
    if (stmt) return stmt;
    stmt = db.prepare(sql);
    if (cache.size >= CACHED_STATEMENTS) {
      const [oldest, old] = cache.entries().next().value!;
      cache.delete(oldest);
      old.finalize();
    }
    cache.set(sql, stmt);
    return stmt;
  }
  return {
    exec(sql) {
      try {
        if (cExec) db.checkRc(cExec(db.pointer!, sql, 0, 0, 0));
        else db.exec(sql);
      } catch (e) {
        rethrowClean(e);
      }
    },
    query(sql, params = []) {
      try {
        if (!oneStatement(sql)) return db.exec({ sql, bind: params as SqlValue[], rowMode: 'object', returnValue: 'resultRows' }) as Row[];
        const stmt = prepared(sql);
        try {
          if (params.length) stmt.bind(params as SqlValue[]);
          const rows: Row[] = [];
          while (stmt.step()) rows.push(stmt.get({}) as Row);
          return rows;
        } finally {
          // Ready for the next use; a failed step's code was thrown already, not again here.
          try { stmt.reset(true); } catch { /* the step's error stands */ }
        }
      } catch (e) {
        rethrowClean(e);
      }
    },
  };
}
