// The sync benchmark's Node part, on the app's own engine and storage (SQLite WASM in memory, as a
// device's database) through the real sync server at SYNC_URL: a change on A seen on B, and a new
// device receiving 1,000 and 10,000 proposals (time and memory). Prints JSON.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import migrations from 'virtual:migrations';
import { initializeWasm } from '@automerge/automerge-repo/slim';
import { sqliteDriver } from '../src/db/sqlite/sqlite-driver.ts';
import type { Db } from '../src/db/domain/db.ts';
import { countProposals, createProposal, updateProposal } from '../src/db/domain/proposals-repo.ts';
import { migrate, withTransaction } from '../src/migrate/index.ts';
import { loadSqlite } from '../src/node/sqlite-node.ts';
import { startEngine, type Engine } from '../src/sync/engine.ts';
import { queueEverything } from '../src/sync/outbox.ts';
import type { SpaceConfig, SyncStatus } from '../src/sync/status.ts';

const SERVER = process.env.SYNC_URL ?? '';
if (!SERVER) throw new Error('SYNC_URL: the address of a running sync server');
const SIZES = (process.env.BENCH_SYNC_SIZES ?? '1000,10000').split(',').map(Number);
await initializeWasm(await readFile(createRequire(import.meta.url).resolve('@automerge/automerge/automerge.wasm')));
const sqlite3 = await loadSqlite();

const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const summary = (xs: number[]) => ({ median: quantile(xs, 0.5), p25: quantile(xs, 0.25), p75: quantile(xs, 0.75), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });
const until = async (f: () => boolean, ms = 600_000) => {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function newDb(): Promise<Db> {
  const db = sqliteDriver(new sqlite3.oo1.DB(':memory:'));
  await migrate(db, migrations);
  return db;
}

interface Device { db: Db; engine: Engine; status: () => SyncStatus; projected: number[]; config: () => SpaceConfig }

async function device(db: Db, config: SpaceConfig): Promise<Device> {
  let status: SyncStatus = { state: 'off' };
  const projected: number[] = [];
  let current = config;
  db.query(`INSERT OR REPLACE INTO sync_state (key, value) VALUES ('space', ?)`, [JSON.stringify(config)]);
  const engine = await startEngine({
    db, config, schemaVersion: migrations.at(-1)!.version, retryMs: 500, log: { info() {}, error: console.error },
    saveDoc: (doc) => { current = { ...current, doc }; },
    onProjected: () => projected.push(performance.now()),
    onStatus: (s) => { status = s; },
  });
  return { db, engine, status: () => status, projected, config: () => current };
}

const text = (i: number, words: number) => Array.from({ length: words }, (_, k) => `word${(i * 31 + k * 7) % 997}`).join(' ');

async function newSpace(): Promise<SpaceConfig> {
  const made = (await (await fetch(`${SERVER}/spaces`, { method: 'POST' })).json()) as { space: string; token: string };
  return { server: SERVER, ...made };
}

const out: Record<string, unknown> = {};
for (const n of SIZES) {
  const a = await newDb();
  withTransaction(a, () => { for (let i = 0; i < n; i++) createProposal(a, { jobContent: `Job ${i}\n${text(i, 120)}`, generatedText: text(i + 1, 150) }); });
  const space = await newSpace();
  let t0 = performance.now();
  queueEverything(a, { settings: true });
  const first = await device(a, space);
  await until(() => first.status().state === 'synced');
  const uploadMs = performance.now() - t0;

  gc();
  const before = process.memoryUsage();
  t0 = performance.now();
  const b = await device(await newDb(), first.config());
  await until(() => countProposals(b.db) === n);
  const receiveMs = performance.now() - t0;
  const after = process.memoryUsage();
  const entry: Record<string, unknown> = { uploadMs, receiveMs, rssGrowthMB: (after.rss - before.rss) / 1048576, heapGrowthMB: (after.heapUsed - before.heapUsed) / 1048576 };

  if (n === SIZES[0]) {
    // A change on A seen on B: an edit through the repository, pumped as a commit pumps it.
    await until(() => b.status().state === 'synced');
    const seen: number[] = [];
    for (let i = 0; i < 20; i++) {
      const count = b.projected.length;
      const s = performance.now();
      updateProposal(a, 1 + i, { generatedText: `edited ${i} ${text(i, 20)}` });
      first.engine.pump();
      await until(() => b.projected.length > count, 30_000);
      seen.push(b.projected[b.projected.length - 1] - s);
      await new Promise((r) => setTimeout(r, 50));
    }
    out.changeSeenMs = summary(seen);
  }
  await first.engine.stop();
  await b.engine.stop();
  out[`receive${n}`] = entry;
}
console.log(JSON.stringify(out));
process.exit(0);
