// The sync figures of `npm run bench` (BENCH_ONLY=sync for just these), all on loopback through
// the real sync server, started here on a free port:
// - the app's engine in Node (dist-node/bench-sync.mjs): a change on A seen on B; a new device
//   receiving 1,000 and 10,000 proposals, time and memory;
// - the server with 50 simulated devices each making 100 changes: all converge; its CPU and memory;
// - start-up of the app in Chromium with sync on and off (warm reloads, the same profile).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromium.mjs';
import { summary } from './bench-tabs.mjs';
import { nodeSyncClient, untilServerHas } from './sync-node-client.mjs';
import { spawnSyncServer } from './sync-server-process.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const DEVICES = 50;
const CHANGES = 100;

/** The server process's CPU time (user + system, ms) and memory (resident now and at most, MB), from /proc. */
function serverUsage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]); // utime, stime (fields 14, 15)
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuMs: ticks * 10, rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
}

const until = async (f, ms = 600_000) => {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

async function manyDevices(server) {
  const { space, token } = await (await fetch(`${server.url}/spaces`, { method: 'POST' })).json();
  const url = `${server.url.replace('http', 'ws')}/sync/${space}?token=${token}`;
  const before = serverUsage(server.pid);
  const t0 = performance.now();
  const first = nodeSyncClient(url);
  const root = first.create({ proposals: {} });
  await untilServerHas(first, root);
  const devices = [first];
  for (let i = 1; i < DEVICES; i++) devices.push(nodeSyncClient(url));
  const handles = [root, ...await Promise.all(devices.slice(1).map((d) => d.find(root.url)))];
  // Each device writes its own proposals and edits them: 100 changes each, all at once.
  await Promise.all(handles.map(async (h, i) => {
    for (let k = 0; k < CHANGES; k++) {
      h.change((d) => { d.proposals[`d${i}-${k % 10}`] = { text: `change ${k} from device ${i}` }; });
      if (k % 10 === 9) await new Promise((r) => setTimeout(r, 5));
    }
  }));
  const want = DEVICES * 10;
  await until(() => handles.every((h) => Object.keys(h.doc().proposals).length === want)
    && handles.every((h) => JSON.stringify([...h.heads()].sort()) === JSON.stringify([...handles[0].heads()].sort())));
  const convergeMs = performance.now() - t0;
  const after = serverUsage(server.pid);
  await Promise.all(devices.map((d) => d.shutdown()));
  return { devices: DEVICES, changesEach: CHANGES, convergeMs, serverCpuMs: after.cpuMs - before.cpuMs, serverRssMB: after.rssMB, serverPeakMB: after.peakMB };
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
    const engine = JSON.parse(execFileSync('node', ['--expose-gc', 'dist-node/bench-sync.mjs'], {
      env: { ...process.env, SYNC_URL: server.url }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26,
    }));
    console.log('Sync: start-up with sync on and off (Chromium, warm reloads)…');
    const startup = await startupOnOff(executablePath, appUrl, server);
    console.log(`Sync: ${DEVICES} simulated devices × ${CHANGES} changes through the server…`);
    // Measured last: in one Node process, automerge-repo has been seen to log "Attempting to change
    // an outdated document" under this load and not converge; that is reported, not hidden.
    const load = await Promise.race([
      manyDevices(server),
      new Promise((r) => setTimeout(() => r({ devices: DEVICES, changesEach: CHANGES, failed: 'did not converge within 5 minutes' }), 300_000)),
    ]);
    return { engine, load, startup };
  } finally {
    await server.stop();
  }
}
