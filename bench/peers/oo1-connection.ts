// The official build's oo1 API as the benchmark's SqlConnection (used with either OPFS VFS).
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { SqlConnection } from './sqlite-store.ts';

export function oo1Connection(db: Database): SqlConnection {
  return {
    async exec(sql) { db.exec(sql); },
    async all(sql, params = []) { return db.selectObjects(sql, params); },
    async insertMany(sql, rows) {
      db.transaction(() => {
        const stmt = db.prepare(sql);
        try {
          for (const row of rows) stmt.bind(row).stepReset();
        } finally {
          stmt.finalize();
        }
      });
    },
  };
}
