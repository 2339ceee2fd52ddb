// A tab's database worker: SQLite WASM + OPFS, elected owner or forwarding to it, served to the
// page through Comlink. SQLite starts loading at once in a tab likely to own the database (below);
// the page sends the tab's id (it may take the page a moment to decide it) and the worker joins
// the other tabs then.
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import wasmUrl from '@sqlite.org/sqlite-wasm/sqlite3.wasm?url';
import * as Comlink from 'comlink';
import migrations from 'virtual:migrations';
import { toErrorInfo } from '../error-info.ts';
import { RETURNING_TAB, type TabPort, type WorkerPort } from '../tab-port.ts';
import { startDatabaseTab } from './database-tab.ts';
import { OWNER_LOCK } from './election.ts';
import { opfsStorage } from './opfs-database.ts';
import { indexedDbSecretKey, secretBox } from './secret-box.ts';
import { LEGACY_LOCK, webLock } from './tab-lock.ts';

const startedAt = performance.timeOrigin + performance.now();

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

// Comlink sends only name/message/stack of a thrown Error: send the typed fields too.
const defaultThrow = Comlink.transferHandlers.get('throw')!;
Comlink.transferHandlers.set('throw', {
  canHandle: defaultThrow.canHandle,
  serialize: ({ value }: { value: unknown }) => [{ isError: value instanceof Error, value: value instanceof Error ? toErrorInfo(value) : value }, []],
  deserialize: defaultThrow.deserialize,
} as typeof defaultThrow);

let joined!: (port: TabPort) => void;
const tab = new Promise<TabPort>((resolve) => { joined = resolve; });

const port: WorkerPort = {
  init(id) {
    joined(startDatabaseTab({
      tab: id,
      loadSqlite,
      migrations,
      storage: opfsStorage,
      legacyLock: webLock(LEGACY_LOCK),
      locks: navigator.locks,
      openChannel: (name) => new BroadcastChannel(name),
      appVersion: __APP_VERSION__,
      secrets: secretBox(indexedDbSecretKey()),
      startedAt,
      loadSyncEngine: () => import('../../sync/engine-browser.ts').then((m) => m.loadSyncEngine()),
    }));
  },
  call: async (id, method, args) => (await tab).call(id, method, args),
  startup: async (onChange) => (await tab).startup(onChange),
  watch: async (onChange) => (await tab).watch(onChange),
  useMemoryDatabase: async () => (await tab).useMemoryDatabase(),
  role: async () => (await tab).role(),
};
Comlink.expose(port);
