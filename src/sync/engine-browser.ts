// The sync engine as the app's owner worker loads it: a dynamic import, after start-up, that
// fetches and initialises Automerge's WASM (emitted by Vite as an asset, precached like SQLite's).
import wasmUrl from '@automerge/automerge/automerge.wasm?url';
import { initializeWasm } from '@automerge/automerge-repo/slim';

export async function loadSyncEngine() {
  await initializeWasm(wasmUrl);
  return import('./engine.ts');
}
