// The sync figures of `npm run bench` (BENCH_ONLY=sync for just these), all on loopback through
// the real sync server, started here on a free port:
// - the app's engine in Node (dist-node/bench-sync.mjs): a change on A seen on B; a new device
//   receiving 1,000 and 10,000 proposals, time and memory;
// - the server with 50 simulated devices each making 100 changes (dist-node/bench-sync-load.mjs,
//   BENCH_SYNC_DEVICES and BENCH_SYNC_CHANGES to change them): all converge; its CPU and memory;
// - start-up of the app in Chromium with sync on and off (warm reloads, the same profile).
import { execFile } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromium.mjs';
import { summary } from './bench-tabs.mjs';
import { spawnSyncServer } from './sync-server-process.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);

/**
 * Runs a Node bench script that prints JSON, without blocking this process: the sync server is its
 * child, and its log must keep flowing while the script runs.
 */
const runJson = (script, env) => new Promise((resolve, reject) => {
  const child = execFile('node', ['--expose-gc', script], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 }, (error, stdout) => {
    if (error) reject(error);
    else resolve(JSON.parse(stdout));
  });
  child.stderr.pipe(process.stderr);
});

/**
 * The server under load, on a server of its own (so that its memory peak is this load's): the
 * simulated devices run in their own process (dist-node/bench-sync-load.mjs).
 */
async function manyDevices() {
  const server = await spawnSyncServer();
  try {
    const result = await runJson('dist-node/bench-sync-load.mjs', { SYNC_URL: server.url, SYNC_SERVER_PID: String(server.pid) });
    // Connections the server's keepalive ended (a device too busy to answer its ping within 5 s).
    return { ...result, droppedConnections: server.output().split('\n').filter((l) => l.includes('(code 1006)')).length };
  } finally {
    await server.stop();
  }
}

const call = (page, method, ...args) => page.evaluate(([m, a]) => window.__upworkResearcher.db[m](...a), [method, args]);

async function startupOnOff(executablePath, appUrl, server) {
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext()).newPage();
    const ready = async () => { await page.locator('main[data-ready]').waitFor({ timeout: 30_000 }); return page.evaluate(() => window.__dbStartup.ready); };
    await page.goto(appUrl);
    await ready();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await call(page, 'createProposal', { jobContent: 'A job', generatedText: 'A proposal' });
    const runs = async () => {
      for (let i = 0; i < 2; i++) { await page.reload(); await ready(); }
      const out = [];
      for (let i = 0; i < RUNS; i++) { await page.reload(); out.push(await ready()); }
      return out;
    };
    // Alternated, so that the machine's mood weighs on both alike.
    const off = [], on = [];
    for (let round = 0; round < 2; round++) {
      off.push(...await runs());
      await call(page, 'createSyncSpace', server.url);
      await page.waitForFunction(() => document.querySelector('[data-testid="sync-badge"]')?.textContent === 'Synced', null, { timeout: 30_000 });
      on.push(...await runs());
      await call(page, 'leaveSync');
    }
    return { syncOff: summary(off), syncOn: summary(on) };
  } finally {
    await browser.close();
  }
}

export async function benchSync(executablePath, appUrl) {
  const server = await spawnSyncServer();
  try {
    console.log('Sync: the engine in Node (a change seen on another device; a new device receiving 1,000 and 10,000 proposals: minutes)…');
    const engine = await runJson('dist-node/bench-sync.mjs', { SYNC_URL: server.url });
    console.log('Sync: start-up with sync on and off (Chromium, warm reloads)…');
    const startup = await startupOnOff(executablePath, appUrl, server);
    console.log(`Sync: ${process.env.BENCH_SYNC_DEVICES ?? 50} simulated devices × ${process.env.BENCH_SYNC_CHANGES ?? 100} changes through the server…`);
    const load = await manyDevices();
    return { engine, load, startup };
  } finally {
    await server.stop();
  }
}
