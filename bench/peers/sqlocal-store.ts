// SQLocal with its default OPFS driver: it starts its own worker and needs cross-origin isolation
// (without it, it falls back to memory, which `open` reports).
import { SQLocal } from 'sqlocal';
import { sqliteStore, type SqlConnection } from './sqlite-store.ts';

export const sqlocalStore = () => sqliteStore(async () => {
  const db = new SQLocal('bench.sqlite3');
  const conn: SqlConnection = {
    async exec(sql) { await db.sql(sql); },
    all: (sql, params = []) => db.sql(sql, ...params),
    async insertMany(sql, rows) {
      // Its way of running many statements in one transaction, in its worker.
      await db.batch(() => rows.map((params) => ({ sql, params })));
    },
  };
  const info = await db.getDatabaseInfo();
  return { conn, storage: `sqlocal ${info.storageType ?? 'unknown'}` };
});
