// The database worker: SQLite WASM + OPFS, served to the UI through Comlink.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import * as Comlink from 'comlink';
import migrations from 'virtual:migrations';
import { toErrorInfo } from '../error-info.ts';
import { createDatabaseService } from './database-service.ts';
import { opfsStorage } from './opfs-database.ts';
import { tabLock } from './tab-lock.ts';

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

Comlink.expose(createDatabaseService({
  loadSqlite: () => sqlite3InitModule(),
  migrations,
  storage: opfsStorage,
  lock: tabLock,
  appVersion: __APP_VERSION__,
}));
