// The peer part of `npm run bench` (issue 20): the same work in this app and in what a developer
// might pick instead, in the same run and the same Chromium, each runtime in its own worker on a
// page built by Vite (bench/peers/) and served here, with COOP/COEP where the runtime needs them.
// Per run and runtime, a new browser profile: cold start to the first answered query (schema
// applied), single-row writes each in its own transaction, 10,000 rows in one transaction,
// full-text searches, first pages, then a warm start (a reload). Each call is timed from the page.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inNewProfile } from './bench-tabs.mjs';
import { benchRows, SEARCH_WORDS } from './bench-peers-data.mjs';
import { ratios, summarizeRuns, writeGoal } from './bench-peers-report.mjs';
import { serve } from './serve.mjs';

const RUNS = Number(process.env.BENCH_PEER_RUNS ?? 5);
const WRITES = Number(process.env.BENCH_PEER_WRITES ?? 1000);
const ROWS = Number(process.env.BENCH_PEER_ROWS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_PEER_ROUNDS ?? 10);
const ISOLATED = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

const version = (pkg) => JSON.parse(readFileSync(join('node_modules', pkg, 'package.json'), 'utf8')).version;

/** The peers, in the table's order: the page's runtime key, a label, and whether it needs COOP/COEP. */
function peers() {
  const official = version('@sqlite.org/sqlite-wasm');
  return [
    { key: 'official-sahpool', label: `official ${official}, opfs-sahpool`, isolated: false },
    { key: 'official-opfs', label: `official ${official}, opfs VFS (COOP/COEP)`, isolated: true },
    { key: 'sqlocal', label: `SQLocal ${version('sqlocal')} (COOP/COEP)`, isolated: true },
    { key: 'wa-sqlite', label: `wa-sqlite (@journeyapps) ${version('@journeyapps/wa-sqlite')}, OPFSCoopSyncVFS`, isolated: false },
    { key: 'pglite', label: `PGlite ${version('@electric-sql/pglite')}`, isolated: false },
  ];
}

async function appReady(page) {
  await page.locator('main[data-ready]').waitFor({ timeout: 60_000 });
  return { ready: await page.evaluate(() => window.__dbStartup.ready), storage: 'opfs-sahpool' };
}

async function peerReady(page) {
  await page.waitForFunction(() => window.__peerReady !== undefined, null, { timeout: 120_000 });
  const r = await page.evaluate(() => window.__peerReady);
  if (r.error) throw new Error(r.error);
  return r;
}

/** The app's calls as the benchmark's store (window.__bench), through its real worker and engine. */
const useTheApp = (page) => page.evaluate(() => {
  const db = window.__upworkResearcher.db;
  let text = '';
  window.__benchPrepare = (rows) => {
    text = JSON.stringify({ metadata: { export_date: '2026-01-01 00:00:00', app_version: 'bench' }, proposals: rows.map((r) => ({ ...r, updated_at: null })) });
  };
  window.__bench = {
    createOne: async (r) => (await db.createProposal({ jobContent: r.job_content, generatedText: r.generated_text, clientName: r.client_name })).id,
    writeOne: async (id, t) => { await db.updateProposal(id, { generatedText: t }); },
    bulk: async () => { await db.importJson(text); },
    search: async (word) => (await db.search(word)).hits.length,
    firstPage: async () => (await db.listProposals(0, 50)).items.length,
  };
});

/** The work, the same for every runtime, each call timed from the page. */
const work = (page, rows) => page.evaluate(async ({ rows, writes, words, rounds }) => {
  const b = window.__bench;
  const time = async (fn) => { const t0 = performance.now(); await fn(); return performance.now() - t0; };
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const id = await b.createOne(rows[0]);
  let writesMs = 0;
  for (let i = 0; i < writes; i++) writesMs += await time(() => b.writeOne(id, `${rows[0].generated_text} (autosave ${i})`));
  window.__benchPrepare?.(rows);
  const bulkMs = await time(() => b.bulk(rows));
  const search = [];
  const hits = {};
  for (let r = 0; r < rounds; r++) {
    for (const w of words) search.push(await time(async () => { hits[w] = await b.search(w); }));
  }
  const pages = [];
  let listed = 0;
  for (let r = 0; r < rounds; r++) pages.push(await time(async () => { listed = await b.firstPage(); }));
  return { writesMs, bulkMs, searchMs: median(search), firstPageMs: median(pages), hits, listed };
}, { rows, writes: WRITES, words: SEARCH_WORDS, rounds: ROUNDS });

/** One run of one runtime in a new profile: cold start, the work, then a warm start (the second reload). */
function oneRun(executablePath, { url, ready, isApp }, rows) {
  return inNewProfile(executablePath, 'bench-peers-', async (context) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    const cold = await ready(page);
    if (isApp) await useTheApp(page);
    const done = await work(page, rows);
    // The app's service worker takes control before the reloads, as in the start-up benchmark.
    if (isApp) await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await ready(page);
    await page.reload();
    const warm = await ready(page);
    return { storage: cold.storage, run: { coldMs: cold.ready, warmMs: warm.ready, ...done } };
  });
}

/**
 * Runs the peers and the app (served at `appUrl`) RUNS times each, alternating, and returns
 * each run's figures, their medians and spread, app / peer, and the single-row write goal.
 */
export async function benchPeers(executablePath, appUrl, port) {
  execFileSync('npx', ['vite', 'build', '--config', 'vite.bench.config.ts', '--logLevel', 'error'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const rows = benchRows(ROWS);
  const plain = await serve({ root: 'dist-bench', port });
  const isolated = await serve({ root: 'dist-bench', port: port + 1, headers: ISOLATED });
  const targets = [
    { key: 'app', label: 'this app (its worker and engine)', url: appUrl, ready: appReady, isApp: true },
    ...peers().map((p) => ({ ...p, url: `${(p.isolated ? isolated : plain).url}?runtime=${p.key}`, ready: peerReady, isApp: false })),
  ];
  const byRuntime = Object.fromEntries(targets.map((t) => [t.key, { label: t.label, storage: null, error: null, runs: [] }]));
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const t of targets) {
        const r = byRuntime[t.key];
        if (r.error) continue;
        try {
          const { storage, run } = await oneRun(executablePath, t, rows);
          r.storage = storage;
          r.runs.push(run);
          console.log(`  run ${i + 1}/${RUNS} ${t.key.padEnd(16)} cold ${run.coldMs.toFixed(0)} ms, warm ${run.warmMs.toFixed(0)} ms, ${WRITES} writes ${run.writesMs.toFixed(0)} ms, bulk ${run.bulkMs.toFixed(0)} ms, search ${run.searchMs.toFixed(1)} ms (hits ${Object.values(run.hits).join('/')}), page ${run.firstPageMs.toFixed(1)} ms (${storage})`);
        } catch (e) {
          r.error = (e instanceof Error ? e.message : String(e)).split('\n')[0];
          console.log(`  run ${i + 1}/${RUNS} ${t.key}: failed: ${r.error}`);
        }
      }
    }
  } finally {
    await plain.close();
    await isolated.close();
  }
  const summary = summarizeRuns(byRuntime);
  return { date: new Date().toISOString(), runs: RUNS, writes: WRITES, rows: ROWS, byRuntime, summary, ratios: ratios(summary), writeGoal: writeGoal(summary) };
}
