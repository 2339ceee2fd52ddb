// A tab's database worker: SQLite WASM + OPFS, elected owner or forwarding to it, served to the
// page through Comlink. This entry is kept tiny: it starts SQLite loading first (in a tab likely
// to own the database, below), and only then fetches the rest of the worker (page-port.ts), so
// that the two load side by side rather than one after the other.
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import wasmUrl from '@sqlite.org/sqlite-wasm/sqlite3.wasm?url';
import { RETURNING_TAB } from '../tab-port.ts';
import { OWNER_LOCK } from './election.ts';

const startedAt = performance.timeOrigin + performance.now();

// What the page sends before the rest of the worker is there (its first call comes at once) is
// held and handed over, not lost to a worker with no listener yet.
const held: MessageEvent[] = [];
const hold = (e: MessageEvent) => void held.push(e);
self.addEventListener('message', hold);

// The `opfs` and `opfs-wl` VFSes need cross-origin isolation we do not use; left enabled, they
// start two extra workers and cost ~40% of start-up.
(globalThis as { sqlite3ApiConfig?: unknown }).sqlite3ApiConfig = { disable: { vfs: { opfs: true, 'opfs-wl': true } } };
let sqlite: Promise<Sqlite3Static> | undefined;
// A load that failed (a network hiccup while loading ahead of time) is tried again when needed.
const loadSqlite = () => (sqlite ??= startSqlite().catch((e) => { sqlite = undefined; throw e; }));

/**
 * SQLite's WASM is fetched and compiled (streaming, so the browser's code cache serves it again)
 * at the same time as SQLite's JS is fetched and run, rather than after it.
 */
function startSqlite(): Promise<Sqlite3Static> {
  const compiled = WebAssembly.compileStreaming(fetch(wasmUrl));
  return Promise.all([compiled, import('@sqlite.org/sqlite-wasm')]).then(([module, loaded]) => new Promise((resolve, reject) => {
    // Its typings omit the Emscripten options that it passes on (instantiateWasm among them).
    const init = loaded.default as unknown as (options: object) => Promise<Sqlite3Static>;
    init({
      instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
        WebAssembly.instantiate(module, imports).then((instance) => done(instance, module), reject);
        return {};
      },
    }).then(resolve, reject);
  }));
}

// SQLite is loaded only by a tab that is likely to own the database: it costs ~80 ms of a warm
// start and its memory. A tab coming back (a reload: most likely the owner before) or one that
// finds no owner loads it at once; one joining a running owner loads it only if elected later.
// Without Web Locks (not a secure context) there are no owners: the tab may run in memory.
if (self.name.endsWith(RETURNING_TAB) || !navigator.locks) void loadSqlite().catch(() => {});
else {
  navigator.locks.query().then(
    (s) => { if (!s.held?.some((l) => l.name === OWNER_LOCK)) void loadSqlite().catch(() => {}); },
    () => void loadSqlite().catch(() => {}),
  );
}

void import('./page-port.ts').then(({ servePage }) => {
  self.removeEventListener('message', hold);
  servePage({ loadSqlite, startedAt, held });
});
