// Automerge's WASM for Node tests: the app loads it with the /slim entry (after start-up, as an
// asset); the tests give it the same file's bytes.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initializeWasm } from '@automerge/automerge-repo/slim';

const wasmPath = createRequire(import.meta.url).resolve('@automerge/automerge/automerge.wasm');
await initializeWasm(await readFile(wasmPath));
