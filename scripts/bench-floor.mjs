// The floor for the start-up benchmark: what the browser itself needs to show a page and hear back
// from a module worker that does nothing, on the same kind of server and with a service worker set
// up as the app's is (precached, cache first), measured in the same browser and run as the app.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './serve.mjs';

const FILES = {
  'index.html': `<!doctype html>
<html lang="en"><head><meta charset="UTF-8"><title>floor</title><script type="module" src="/floor.js"></script></head>
<body><main id="app"></main></body></html>`,
  'floor.js': `const worker = new Worker('/worker.js', { type: 'module' });
worker.onmessage = () => {
  window.__floorReady = performance.now();
  // As the app does: the service worker is registered once start-up is over.
  navigator.serviceWorker?.register('/sw.js');
};`,
  'worker.js': `postMessage('ready');`,
  'sw.js': `const FILES = ['/', '/floor.js', '/worker.js'];
self.addEventListener('install', (e) => e.waitUntil(caches.open('floor').then((c) => c.addAll(FILES))));
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  const key = url.pathname === '/index.html' ? '/' : url.pathname;
  e.respondWith(caches.match(key).then((hit) => hit ?? fetch(e.request)));
});`,
};

/** Serves the floor page; `readyTimes(page)` waits for it and returns { ready } in ms since navigation. */
export async function floorServer(port) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
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
