// Where a warm start's time goes, from Chromium's own trace: for the app and the SQLite floor, the
// time each thread spent compiling (WebAssembly compiled lazily, function by function, the first
// time it runs; JavaScript compiled and parsed) and running, between navigation and ready. The
// difference is what the app's start-up costs beyond SQLite's own, in the browser's words.
import { chromium } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from './chromium.mjs';

const CATEGORIES = ['toplevel', 'devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.compile', 'blink.user_timing', 'loading'];
// Events that do not nest in one another (but for the last, the whole of a thread's tasks), so
// that no time is counted twice.
const KINDS = {
  'wasm.CompileLazy': 'WASM compiled on first call',
  'V8.CompileCode': 'JS compiled on first call',
  'v8.compileModule': 'JS modules compiled',
  'wasm.SyncInstantiate': 'WASM instantiated',
  MinorGC: 'garbage collected',
  MajorGC: 'garbage collected',
  // Every task a thread ran (what the lines above are part of): the rest of the time it waited.
  'ThreadControllerImpl::RunTask': 'busy, all told',
};
const THREADS = { CrRendererMain: 'page', 'DedicatedWorker thread': 'worker' };

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : 0; };

/** One trace file → { thread: { kind: ms } } between the last navigation and `readyMs` after it. */
function summarise(file, readyMs) {
  const events = JSON.parse(readFileSync(file, 'utf8')).traceEvents;
  const names = {};
  for (const e of events) if (e.name === 'thread_name') names[`${e.pid}:${e.tid}`] = e.args.name;
  const nav = Math.max(...events.filter((e) => e.name === 'navigationStart').map((e) => e.ts));
  const end = nav + readyMs * 1000;
  const out = { page: {}, worker: {} };
  for (const e of events) {
    if (e.ph !== 'X' || e.ts < nav || e.ts > end) continue;
    const thread = THREADS[names[`${e.pid}:${e.tid}`]];
    const kind = KINDS[e.name];
    if (!thread || !kind) continue;
    out[thread][kind] = (out[thread][kind] ?? 0) + Math.min(e.dur, end - e.ts) / 1000;
  }
  return out;
}

/**
 * `runs` warm starts of `url` (after three to warm the service worker and caches), each traced;
 * `ready(page)` waits for the start and returns ms since navigation. Medians per thread and kind.
 */
export async function traceWarmStarts(executablePath, url, ready, runs = 5) {
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const dir = mkdtempSync(join(tmpdir(), 'bench-trace-'));
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    await ready(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    for (let i = 0; i < 3; i++) { await page.reload(); await ready(page); }
    const traced = [];
    for (let i = 0; i < runs; i++) {
      const path = join(dir, `${i}.json`);
      await browser.startTracing(page, { path, categories: CATEGORIES });
      await page.reload();
      const readyMs = await ready(page);
      await browser.stopTracing();
      traced.push({ readyMs, ...summarise(path, readyMs) });
    }
    const kinds = (thread) => [...new Set(traced.flatMap((t) => Object.keys(t[thread])))];
    const result = { readyMs: median(traced.map((t) => t.readyMs)) };
    for (const thread of ['page', 'worker']) result[thread] = Object.fromEntries(kinds(thread).map((k) => [k, median(traced.map((t) => t[thread][k] ?? 0))]));
    return result;
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printTrace(app, floor, runs) {
  console.log(`\nWhere a warm start's time goes (Chromium's trace, medians of ${runs} traced reloads each; tracing slows both alike)`);
  console.log(`  ready                                app ${app.readyMs.toFixed(0)} ms, SQLite floor ${floor.readyMs.toFixed(0)} ms`);
  for (const thread of ['worker', 'page']) {
    const kinds = [...new Set([...Object.keys(app[thread]), ...Object.keys(floor[thread])])].sort();
    for (const k of kinds) {
      const a = app[thread][k] ?? 0;
      const f = floor[thread][k] ?? 0;
      if (a < 0.5 && f < 0.5) continue;
      console.log(`  ${`${thread}: ${k}`.padEnd(36)} app ${a.toFixed(1).padStart(5)} ms, floor ${f.toFixed(1).padStart(5)} ms, +${(a - f).toFixed(1)}`);
    }
  }
}
