// The page's side of a tab's database worker (worker.ts loads it once SQLite is on its way): the
// tab's database (database-tab.ts) served to the page through Comlink.
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import * as Comlink from 'comlink';
import migrations from 'virtual:migrations';
import schemaImage from 'virtual:schema-image';
import { toErrorInfo } from '../error-info.ts';
import type { TabPort, WorkerPort } from '../tab-port.ts';
import { startDatabaseTab } from './database-tab.ts';
import { opfsStorage } from './opfs-database.ts';
import { indexedDbSecretKey, secretBox } from './secret-box.ts';
import { LEGACY_LOCK, webLock } from './tab-lock.ts';

export interface PageServing {
  loadSqlite: () => Promise<Sqlite3Static>;
  /** When the worker started (epoch ms). */
  startedAt: number;
  /** Messages the page sent before this module was loaded, in order. */
  held: readonly MessageEvent[];
}

export function servePage({ loadSqlite, startedAt, held }: PageServing): void {
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
        schemaImage,
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
  Comlink.expose(port, replayingEndpoint(held));
}

/** The worker's own endpoint, whose first message listener is given the held messages first. */
function replayingEndpoint(held: readonly MessageEvent[]): Comlink.Endpoint {
  let pending = [...held];
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => self.postMessage(message, { transfer }),
    addEventListener(type: string, listener: EventListenerOrEventListenerObject) {
      self.addEventListener(type, listener);
      if (type !== 'message') return;
      const replay = pending;
      pending = [];
      for (const e of replay) typeof listener === 'function' ? listener(e) : listener.handleEvent(e);
    },
    removeEventListener: (type: string, listener: EventListenerOrEventListenerObject) => self.removeEventListener(type, listener),
  };
}
