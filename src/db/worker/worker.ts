// A tab's database worker: SQLite WASM + OPFS, elected owner or forwarding to it, served to the
// page through Comlink. The page names the worker after its tab id.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import * as Comlink from 'comlink';
import migrations from 'virtual:migrations';
import { toErrorInfo } from '../error-info.ts';
import { startDatabaseTab } from './database-tab.ts';
import { opfsStorage } from './opfs-database.ts';
import { randomId } from '../domain/random-id.ts';
import { LEGACY_LOCK, webLock } from './tab-lock.ts';

// The `opfs` and `opfs-wl` VFSes need cross-origin isolation we do not use; left enabled, they
// start two extra workers and cost ~40% of start-up.
(globalThis as { sqlite3ApiConfig?: unknown }).sqlite3ApiConfig = { disable: { vfs: { opfs: true, 'opfs-wl': true } } };

// Comlink sends only name/message/stack of a thrown Error: send the typed fields too.
const defaultThrow = Comlink.transferHandlers.get('throw')!;
Comlink.transferHandlers.set('throw', {
  canHandle: defaultThrow.canHandle,
  serialize: ({ value }: { value: unknown }) => [{ isError: value instanceof Error, value: value instanceof Error ? toErrorInfo(value) : value }, []],
  deserialize: defaultThrow.deserialize,
} as typeof defaultThrow);

Comlink.expose(startDatabaseTab({
  tab: self.name.replace(/^database /, '') || randomId(),
  loadSqlite: () => sqlite3InitModule(),
  migrations,
  storage: opfsStorage,
  legacyLock: webLock(LEGACY_LOCK),
  locks: navigator.locks,
  openChannel: (name) => new BroadcastChannel(name),
  appVersion: __APP_VERSION__,
}));
