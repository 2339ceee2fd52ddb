// The floors for the start-up benchmark, served on the same kind of server as the app, with a
// service worker set up as the app's is (precached, cache first), and measured in the same browser
// and run as the app:
// - the floor: what the browser itself needs to show a page and hear back from a module worker
//   that does nothing;
// - the SQLite floor: the same page whose worker does the least a database can: loads the official
//   SQLite WASM build as the app does (streaming compile beside the JS), installs the opfs-sahpool
//   VFS, opens a file and reads its schema. What the app adds on top of it is the app's own cost.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { serve } from './serve.mjs';

const SQLITE_DIST = dirname(createRequire(import.meta.url).resolve('@sqlite.org/sqlite-wasm'));

const WORKERS = {
  empty: `postMessage('ready');`,
  sqlite: `self.sqlite3ApiConfig = { disable: { vfs: { opfs: true, 'opfs-wl': true } } };
const compiled = WebAssembly.compileStreaming(fetch('/assets/sqlite3.wasm'));
const { default: init } = await import('/assets/sqlite3.mjs');
const module = await compiled;
const sqlite3 = await init({ instantiateWasm(imports, done) { WebAssembly.instantiate(module, imports).then((i) => done(i, module)); return {}; } });
const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'opfs-sahpool', initialCapacity: 4 });
const db = new pool.OpfsSAHPoolDb('/floor.sqlite3');
db.exec('CREATE TABLE IF NOT EXISTS t(x)');
db.exec('SELECT count(*) FROM sqlite_master');
postMessage('ready');`,
};

const files = (kind) => ({
  'index.html': `<!doctype html>
<html lang="en"><head><meta charset="UTF-8"><title>floor</title><script type="module" src="/floor.js"></script></head>
<body><main id="app"></main></body></html>`,
  'floor.js': `const worker = new Worker('/worker.js', { type: 'module' });
worker.onmessage = () => {
  window.__floorReady = performance.now();
  // As the app does: the service worker is registered once start-up is over.
  navigator.serviceWorker?.register('/sw.js');
};`,
  'worker.js': WORKERS[kind],
  'sw.js': `const FILES = ${JSON.stringify(['/', '/floor.js', '/worker.js', ...(kind === 'sqlite' ? ['/assets/sqlite3.mjs', '/assets/sqlite3.wasm'] : [])])};
self.addEventListener('install', (e) => e.waitUntil(caches.open('floor').then((c) => c.addAll(FILES))));
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  const key = url.pathname === '/index.html' ? '/' : url.pathname;
  e.respondWith(caches.match(key).then((hit) => hit ?? fetch(e.request)));
});`,
});

/**
 * Serves a floor page (`kind`: 'empty' or 'sqlite'); `floorReadyTimes(page)` waits for it and
 * returns { ready } in ms since navigation.
 */
export async function floorServer(port, kind = 'empty') {
  const dir = mkdtempSync(join(tmpdir(), `bench-floor-${kind}-`));
  for (const [name, text] of Object.entries(files(kind))) writeFileSync(join(dir, name), text);
  if (kind === 'sqlite') {
    // Under assets/, as the app's: served as immutable, like its hashed files.
    mkdirSync(join(dir, 'assets'));
    copyFileSync(join(SQLITE_DIST, 'index.mjs'), join(dir, 'assets', 'sqlite3.mjs'));
    copyFileSync(join(SQLITE_DIST, 'sqlite3.wasm'), join(dir, 'assets', 'sqlite3.wasm'));
  }
  const server = await serve({ root: dir, port });
  return {
    url: server.url,
    async close() { await server.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

export async function floorReadyTimes(page) {
  await page.waitForFunction(() => window.__floorReady !== undefined, null, { timeout: 30_000 });
  return page.evaluate(() => ({ ready: window.__floorReady }));
}
