import type { Database, PreparedStatement } from '@sqlite.org/sqlite-wasm';
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

/** Adapts an sqlite-wasm oo1 database (browser or Node) to the repositories' and the engine's interface. */
export function sqliteDriver(db: Database): Db {
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
        db.exec(sql);
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
