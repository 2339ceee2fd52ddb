// wa-sqlite (PowerSync's @journeyapps/wa-sqlite) with OPFSCoopSyncVFS on its synchronous build:
// the OPFS setup its README suggests for a worker without COOP/COEP.
import SQLiteESMFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs';
import * as SQLite from '@journeyapps/wa-sqlite';
import { OPFSCoopSyncVFS } from '@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js';
import { expose } from 'comlink';
import { sqliteStore, type SqlConnection } from './sqlite-store.ts';

type Value = string | number | null;

expose(sqliteStore(async () => {
  const module = await SQLiteESMFactory();
  const sqlite3 = SQLite.Factory(module);
  const vfs = await OPFSCoopSyncVFS.create('opfs', module);
  sqlite3.vfs_register(vfs, true);
  const db = await sqlite3.open_v2('bench.sqlite3');

  const all = async (sql: string, params: Value[] = []) => {
    const rows: Record<string, unknown>[] = [];
    for await (const stmt of sqlite3.statements(db, sql)) {
      if (params.length) sqlite3.bind_collection(stmt, params);
      const columns = sqlite3.column_names(stmt);
      while (await sqlite3.step(stmt) === SQLite.SQLITE_ROW) {
        const values = sqlite3.row(stmt);
        rows.push(Object.fromEntries(columns.map((c, i) => [c, values[i]])));
      }
    }
    return rows;
  };
  const conn: SqlConnection = {
    async exec(sql) { await sqlite3.exec(db, sql); },
    all,
    async insertMany(sql, rows) {
      await sqlite3.exec(db, 'BEGIN');
      try {
        for await (const stmt of sqlite3.statements(db, sql)) {
          for (const row of rows) {
            sqlite3.bind_collection(stmt, row);
            await sqlite3.step(stmt);
            await sqlite3.reset(stmt);
          }
        }
        await sqlite3.exec(db, 'COMMIT');
      } catch (e) {
        await sqlite3.exec(db, 'ROLLBACK');
        throw e;
      }
    },
  };
  return { conn, storage: 'OPFSCoopSyncVFS' };
}));
