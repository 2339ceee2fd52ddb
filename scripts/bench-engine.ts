// The migration engine's overhead: 200 generated migrations applied by the engine vs the same SQL
// executed raw in one transaction, each on a fresh in-memory database. Prints JSON.
import { sqliteDriver } from '../src/db/sqlite/sqlite-driver.ts';
import { loadMigration, migrate, type Migration } from '../src/migrate/index.ts';
import { loadSqlite } from '../src/node/sqlite-node.ts';

const COUNT = Number(process.env.BENCH_MIGRATIONS ?? 200);
// Many short rounds: the ratio's median settles (31, or bench.mjs's BENCH_RUNS=9 when it was read
// here, gave 1.095 in one run and 1.125 in another).
const RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? 81);

function generate(count: number): Migration[] {
  return Array.from({ length: count }, (_, i) => {
    const v = i + 1;
    const rows = Array.from({ length: 10 }, (_, r) => `('row ${r} of ${v}', ${r})`).join(', ');
    const sql = [
      `-- Migration ${v}: a table, an index, some rows, and a change to an earlier table.`,
      `CREATE TABLE t_${v} (id INTEGER PRIMARY KEY, label TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0, created_at TEXT DEFAULT (datetime('now')));`,
      `CREATE INDEX idx_t_${v}_label ON t_${v}(label);`,
      `INSERT INTO t_${v} (label, n) VALUES ${rows};`,
      v > 1 ? `UPDATE t_${v - 1} SET n = n + 1 WHERE id % 2 = 0;` : `SELECT 1;`,
      '',
    ].join('\n');
    return loadMigration(`V${v}__generated_${v}.sql`, sql);
  });
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const sqlite3 = await loadSqlite();
const migrations = generate(COUNT);
const rawSql = migrations.map((m) => m.sql).join('\n');

// Run with --expose-gc: collecting before each timed run keeps one run's garbage out of the next.
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * The same SQL run raw in one transaction. `oo1`: as an app would without the engine, with the
 * library's db.exec (the goal's measure, as before). `c`: in C, in one sqlite3_exec call, the
 * way the engine's driver runs each migration: what remains is the engine's own bookkeeping.
 */
function timeRaw(how: 'oo1' | 'c'): number {
  const db = new sqlite3.oo1.DB(':memory:');
  gc();
  const t0 = performance.now();
  for (const sql of ['BEGIN IMMEDIATE', rawSql, 'COMMIT']) {
    if (how === 'oo1') db.exec(sql);
    else db.checkRc(sqlite3.capi.sqlite3_exec(db.pointer!, sql, 0, 0, 0));
  }
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

async function timeEngine(): Promise<number> {
  const db = new sqlite3.oo1.DB(':memory:');
  gc();
  const t0 = performance.now();
  const report = await migrate(sqliteDriver(db, sqlite3), migrations);
  const ms = performance.now() - t0;
  if (report.toVersion !== COUNT) throw new Error(`engine stopped at V${report.toVersion}`);
  db.close();
  return ms;
}

for (let i = 0; i < 10; i++) { timeRaw('oo1'); timeRaw('c'); await timeEngine(); } // warm up the JIT and the WASM
const raw: number[] = [];
const rawC: number[] = [];
const engine: number[] = [];
const ratios: number[] = [];
const ratiosC: number[] = [];
// The three take turns at going first, so that drift on a busy machine, or one warming the
// others' caches, weighs on all alike; each ratio is taken within its own round.
const ORDERS = [['oo1', 'c', 'engine'], ['engine', 'oo1', 'c'], ['c', 'engine', 'oo1']] as const;
for (let i = 0; i < RUNS; i++) {
  const t: Record<string, number> = {};
  for (const what of ORDERS[i % ORDERS.length]) t[what] = what === 'engine' ? await timeEngine() : timeRaw(what);
  raw.push(t.oo1); rawC.push(t.c); engine.push(t.engine); ratios.push(t.engine / t.oo1); ratiosC.push(t.engine / t.c);
}
console.log(JSON.stringify({
  migrations: COUNT, statements: COUNT * 4, runs: RUNS,
  rawMs: { median: median(raw), min: Math.min(...raw), max: Math.max(...raw) },
  rawCMs: { median: median(rawC), min: Math.min(...rawC), max: Math.max(...rawC) },
  engineMs: { median: median(engine), min: Math.min(...engine), max: Math.max(...engine) },
  // Paired runs share the machine's momentary state; the fastest runs show the cost with the least noise.
  ratio: { pairedMedian: median(ratios), ofMedians: median(engine) / median(raw), ofFastest: Math.min(...engine) / Math.min(...raw) },
  ratioC: { pairedMedian: median(ratiosC), ofFastest: Math.min(...engine) / Math.min(...rawC) },
}));
