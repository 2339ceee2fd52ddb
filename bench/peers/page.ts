// The peer benchmark's page: `?runtime=` picks the runtime; it opens the store at once (the cold
// or warm start is timed from navigation to the first answered query) and leaves the store on
// `window.__bench` for the benchmark's calls, each timed from here as the app's calls are.
import { wrap } from 'comlink';
import type { PeerStore } from './store.ts';

declare global {
  interface Window {
    __bench?: PeerStore;
    __peerReady?: { ready: number; storage: string } | { error: string };
  }
}

const inWorker = (worker: Worker) => wrap<PeerStore>(worker) as unknown as PeerStore;

const RUNTIMES: Record<string, () => Promise<PeerStore>> = {
  'official-sahpool': async () => inWorker(new Worker(new URL('./official.worker.ts', import.meta.url), { type: 'module', name: 'opfs-sahpool' })),
  'official-opfs': async () => inWorker(new Worker(new URL('./official.worker.ts', import.meta.url), { type: 'module', name: 'opfs' })),
  'wa-sqlite': async () => inWorker(new Worker(new URL('./wa-sqlite.worker.ts', import.meta.url), { type: 'module' })),
  pglite: async () => inWorker(new Worker(new URL('./pglite.worker.ts', import.meta.url), { type: 'module' })),
  sqlocal: async () => (await import('./sqlocal-store.ts')).sqlocalStore(),
};

const runtime = new URLSearchParams(location.search).get('runtime') ?? '';
try {
  const start = RUNTIMES[runtime];
  if (!start) throw new Error(`unknown runtime "${runtime}" (one of ${Object.keys(RUNTIMES).join(', ')})`);
  const store = await start();
  const { storage } = await store.open();
  window.__peerReady = { ready: performance.now(), storage };
  window.__bench = store;
} catch (e) {
  window.__peerReady = { error: `${runtime}: ${e instanceof Error ? e.message : String(e)}` };
}
