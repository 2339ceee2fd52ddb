import { loadMigration, migrate } from '../src/migrate/index.ts';
import { sqliteDriver } from '../src/db/sqlite-driver.ts';
import { loadSqlite } from '../src/node/sqlite-node.ts';
const sqlite3 = await loadSqlite();
const ms = Array.from({ length: 200 }, (_, i) => { const v = i + 1; const rows = Array.from({ length: 10 }, (_, r) => `('row ${r} of ${v}', ${r})`).join(', ');
  return loadMigration(`V${v}__g_${v}.sql`, [`-- Migration ${v}: a table.`, `CREATE TABLE t_${v} (id INTEGER PRIMARY KEY, label TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0, created_at TEXT DEFAULT (datetime('now')));`, `CREATE INDEX idx_t_${v}_label ON t_${v}(label);`, `INSERT INTO t_${v} (label, n) VALUES ${rows};`, v > 1 ? `UPDATE t_${v - 1} SET n = n + 1 WHERE id % 2 = 0;` : `SELECT 1;`, ''].join('\n')); });
const all = ms.map((m) => m.sql).join('\n');
const mode = process.argv[2];
for (let i = 0; i < 80; i++) { const db = new sqlite3.oo1.DB(':memory:'); if (mode === 'raw') { db.exec('BEGIN IMMEDIATE'); db.exec(all); db.exec('COMMIT'); } else await migrate(sqliteDriver(db), ms); db.close(); }
