// The engine spike of issue 18, measured: Yjs with Hocuspocus against Automerge (automerge-repo), the
// same data on loopback, each engine bare (no SQLite on either side: the engines are compared, not
// the app's bridge, whose own figures are in `npm run bench`). For each engine:
// - a first device uploads N proposal records (job post and proposal as texts, plus values), in
//   changes of 100 records, and waits until the server has them;
// - a new device, in a fresh Node process, receives them: time, and that process's memory;
// - a change on A (a proposal text edited) seen on B: median of 20;
// - the server's memory (peak RSS) and CPU time.
// Run by hand: `npm install` here, then `node spike.mjs [sizes]` (default 1000). Never in `npm test`.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const [mode = '1000', ...rest] = process.argv.slice(2);
const TOKEN = 'spike-token';

const text = (i, words) => Array.from({ length: words }, (_, k) => `word${(i * 31 + k * 7) % 997}`).join(' ');
/** The same record as the app's benchmark: a job post of 120 words, a proposal of 150, a few values. */
const record = (i) => ({ jobContent: `Job ${i}\n${text(i, 120)}`, generatedText: text(i + 1, 150), clientName: `Client ${i % 50}`, status: 'draft', createdAt: '2026-11-01 10:00:00' });
const until = async (f, ms = 600_000) => {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A process's CPU time (ms) and memory (MB, now and peak), from /proc. */
function usage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuMs: (Number(stat[11]) + Number(stat[12])) * 10, rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
}

// ——— Yjs + Hocuspocus ———

const yjs = {
  /** Hocuspocus with its database extension storing each document's state in a file, and a token check. */
  async serve() {
    const { Server } = await import('@hocuspocus/server');
    const { Database } = await import('@hocuspocus/extension-database');
    const dir = mkdtempSync(join(tmpdir(), 'spike-hocuspocus-'));
    await mkdir(dir, { recursive: true });
    const server = new Server({
      port: 0, address: '127.0.0.1', quiet: true,
      async onAuthenticate({ token }) { if (token !== TOKEN) throw new Error('refused'); },
      extensions: [new Database({
        fetch: async ({ documentName }) => readFile(join(dir, encodeURIComponent(documentName))).catch(() => null),
        store: async ({ documentName, state }) => writeFile(join(dir, encodeURIComponent(documentName)), state),
      })],
    });
    await server.listen();
    console.log(`spike-server ws://127.0.0.1:${server.address.port}`);
  },
  async device(url, name) {
    const Y = await import('yjs');
    const { HocuspocusProvider } = await import('@hocuspocus/provider');
    const { default: WebSocket } = await import('ws');
    const doc = new Y.Doc();
    const provider = new HocuspocusProvider({ url, name, document: doc, token: TOKEN, WebSocketPolyfill: WebSocket });
    const proposals = doc.getMap('proposals');
    return {
      count: () => proposals.size,
      add(from, to) {
        doc.transact(() => {
          for (let i = from; i < to; i++) {
            const r = record(i);
            const m = new Y.Map();
            for (const [k, v] of Object.entries(r)) m.set(k, k === 'jobContent' || k === 'generatedText' ? new Y.Text(v) : v);
            proposals.set(`p${i}`, m);
          }
        });
      },
      edit(i, value) {
        const t = proposals.get(`p${i}`).get('generatedText');
        doc.transact(() => { t.delete(0, t.length); t.insert(0, value); });
      },
      read: (i) => proposals.get(`p${i}`)?.get('generatedText')?.toString(),
      onChange(f) { doc.on('update', f); },
      serverHasAll: () => provider.isSynced && !provider.hasUnsyncedChanges,
      stop() { provider.destroy(); },
    };
  },
};

// ——— Automerge (automerge-repo, the app's own server and client adapter settings) ———

const automerge = {
  async serve() {
    const { startSyncServer } = await import('../../sync-server.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'spike-automerge-'));
    const s = await startSyncServer({ port: 0, dataDir: dir });
    const { space, token } = await (await fetch(`${s.url}/spaces`, { method: 'POST' })).json();
    console.log(`spike-server ${s.url.replace('http', 'ws')}/sync/${space}?token=${token}`);
  },
  async device(url, name) {
    const { Repo } = await import('@automerge/automerge-repo');
    const { WebSocketClientAdapter } = await import('@automerge/automerge-repo-network-websocket');
    const repo = new Repo({ network: [new WebSocketClientAdapter(url, 1000)] });
    // A large document can take the server longer than find's own wait to send: ask again, as the app does.
    const find = async () => { for (;;) { try { return await repo.find(name); } catch { await new Promise((r) => setTimeout(r, 1000)); } } };
    const handle = name ? await find() : repo.create({ proposals: {} });
    const sorted = (h) => JSON.stringify([...(h ?? [])].sort());
    return {
      url: handle.url,
      count: () => Object.keys(handle.doc().proposals).length,
      add(from, to) { handle.change((d) => { for (let i = from; i < to; i++) d.proposals[`p${i}`] = record(i); }); },
      edit(i, value) { handle.change((d) => { d.proposals[`p${i}`].generatedText = value; }); },
      read: (i) => handle.doc().proposals[`p${i}`]?.generatedText,
      onChange(f) { handle.on('change', f); },
      serverHasAll: () => {
        const id = repo.peers[0] && repo.getStorageIdOfPeer(repo.peers[0]);
        return !!id && sorted(handle.getSyncInfo(id)?.lastHeads) === sorted(handle.heads());
      },
      stop() { return repo.shutdown(); },
    };
  },
};

const engines = { yjs, automerge };

/** Starts `node spike.mjs serve <engine>`; resolves with its address and pid once it listens. */
function startServer(engine) {
  const child = spawn(process.execPath, [join(here, 'spike.mjs'), 'serve', engine], { stdio: ['ignore', 'pipe', 'inherit'] });
  process.on('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /spike-server (\S+)/.exec(out);
      if (m) resolve({ url: m[1], pid: child.pid, stop: () => child.kill('SIGKILL') });
    });
  });
}

/** A new device in its own process: how long it takes to hold `n` records, and its memory. */
const receiveInNewProcess = (engine, url, name, n) => new Promise((resolve, reject) => {
  execFile(process.execPath, ['--expose-gc', join(here, 'spike.mjs'), 'receive', engine, url, name ?? '', String(n)], { maxBuffer: 1 << 24 }, (e, stdout) => (e ? reject(e) : resolve(JSON.parse(stdout))));
});

async function measure(engine, n) {
  const e = engines[engine];
  const server = await startServer(engine);
  const base = usage(server.pid);
  const a = await e.device(server.url, engine === 'yjs' ? 'space' : undefined);
  const name = engine === 'yjs' ? 'space' : a.url;
  let t0 = performance.now();
  for (let i = 0; i < n; i += 100) a.add(i, Math.min(n, i + 100));
  await until(() => a.count() === n && a.serverHasAll());
  const uploadMs = performance.now() - t0;
  console.error(`${engine}, ${n}: uploaded in ${(uploadMs / 1000).toFixed(1)} s; a new device receiving…`);
  const received = await receiveInNewProcess(engine, server.url, name, n);
  // A change on A seen on B (B: a device in this process that has received everything).
  const b = await e.device(server.url, name);
  await until(() => b.count() === n);
  const seen = [];
  for (let k = 0; k < 20; k++) {
    const value = `edited ${k} ${text(k, 20)}`;
    t0 = performance.now();
    a.edit(k, value);
    await until(() => b.read(k) === value, 30_000);
    seen.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
  const after = usage(server.pid);
  await a.stop();
  await b.stop();
  server.stop();
  return { engine, n, uploadMs, ...received, changeSeenMedianMs: median(seen), serverPeakMB: after.peakMB, serverCpuMs: after.cpuMs - base.cpuMs };
}

if (mode === 'serve') await engines[rest[0]].serve();
else if (mode === 'receive') {
  const [engine, url, name, n] = rest;
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const d = await engines[engine].device(url, name || undefined);
  await until(() => d.count() === Number(n));
  const receiveMs = performance.now() - t0;
  globalThis.gc?.();
  console.log(JSON.stringify({ receiveMs, receiverRssGrowthMB: (process.memoryUsage().rss - before) / 1048576, receiverPeakMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
} else {
  const sizes = mode.split(',').map(Number);
  const engineList = (process.env.SPIKE_ENGINES ?? 'yjs,automerge').split(',');
  for (const n of sizes) for (const engine of engineList) console.log(JSON.stringify(await measure(engine, n)));
  process.exit(0);
}
