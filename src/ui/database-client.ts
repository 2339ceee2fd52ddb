// The page's side of the database: the typed DatabaseApi over this tab's worker. Each operation
// gets its id here, once: if the worker is replaced, or sends it again after an owner change, it is
// still applied once.
//
// A frozen page (a background tab) or one kept in the back/forward cache must not keep the
// database from the other tabs, and a message to its worker may not be handled before the freeze.
// So the page ends its worker at once (as a crash would: the lock and the file handles are let go
// by the browser, and the next owner rolls back anything half written) and starts a new one when
// it is back, sending again whatever had not been answered.
import * as Comlink from 'comlink';
import type { DataChange, DatabaseApi, OwnerOperation, StartupState, TabOperation } from '../db/api.ts';
import { randomId } from '../db/domain/random-id.ts';
import { newestOnly, stateFeed } from '../db/startup-states.ts';
import { RETURNING_TAB, type TabPort, type WorkerPort } from '../db/tab-port.ts';
import { takeEarlyWorker } from './early-worker.ts';

export type DatabaseClient = DatabaseApi;

declare global {
  interface Window {
    /** For the end-to-end tests and the benchmark: this tab's database, id and worker's role. */
    __upworkResearcher?: { db: DatabaseClient; tab: string; role(): Promise<string> };
  }
}

interface Pending {
  method: OwnerOperation;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The DatabaseApi over a TabPort that `connect()` makes, and makes again after `disconnect()`:
 * calls not answered by the old one go to the new one with the same ids. A worker's states are
 * kept newest first by its own numbers, then numbered again here, so that those of a new worker
 * (which counts from 1 again) still come after the old one's.
 */
export function databaseClient(connect: () => { port: Comlink.Remote<TabPort>; end(): void }) {
  let current: ReturnType<typeof connect> | null = null;
  const pending = new Map<string, Pending>();
  const states = stateFeed({ phase: 'loading', step: 'wasm' });
  const changeListeners = new Set<(c: DataChange) => void>();
  const onChange = (c: DataChange) => { for (const l of changeListeners) l(c); };

  function send(id: string, p: Pending) {
    const sentTo = current!;
    sentTo.port.call(id, p.method, p.args).then(
      (value) => { if (current === sentTo && pending.delete(id)) p.resolve(value); },
      (error) => { if (current === sentTo && pending.delete(id)) p.reject(error); },
    );
  }

  function start() {
    current = connect();
    // The reply and the later changes travel on different ports: the worker's newest wins.
    const newest = newestOnly();
    const onState = (s: StartupState) => { if (newest(s)) states.set(s); };
    void current.port.startup(Comlink.proxy(onState)).then(onState);
    void current.port.watch(Comlink.proxy(onChange));
    for (const [id, p] of pending) send(id, p);
  }

  const own: Pick<DatabaseApi, TabOperation> = {
    async startup(listener) {
      if (listener) states.listen(listener);
      return states.current;
    },
    async watch(listener) { changeListeners.add(listener); },
    useMemoryDatabase: () => current!.port.useMemoryDatabase(),
  };
  const db = new Proxy(own as DatabaseApi, {
    get: (target, method: string) => target[method as TabOperation]
      ?? ((...args: unknown[]) => new Promise((resolve, reject) => {
        const id = randomId();
        const p = { method: method as OwnerOperation, args, resolve, reject };
        pending.set(id, p);
        if (current) send(id, p);
      })),
  });

  start();
  return {
    db,
    role: () => current ? current.port.role() : Promise.resolve('suspended'),
    /** Ends the worker now; calls wait until reconnect(). */
    disconnect() {
      current?.end();
      current = null;
    },
    reconnect() {
      if (current) return;
      start();
      // Changes made while this tab was away: read everything again.
      onChange({ proposals: 'all', settings: true, by: '' });
    },
  };
}

/** Starts this tab's worker at once (the engine loads meanwhile); `tab` names it once decided. */
export function startDatabaseWorker(tab: Promise<string>): DatabaseClient {
  let started = false;
  const client = databaseClient(() => {
    // Started again (after a freeze): this tab may well be the owner, so it loads SQLite at once.
    const name = `database${started ? RETURNING_TAB : ''}`;
    started = true;
    const worker = takeEarlyWorker() ?? new Worker(new URL('../db/worker/worker.ts', import.meta.url), { type: 'module', name });
    const port = Comlink.wrap<WorkerPort>(worker);
    void tab.then((id) => port.init(id));
    return { port, end: () => worker.terminate() };
  });
  document.addEventListener('freeze', client.disconnect);
  document.addEventListener('resume', client.reconnect);
  addEventListener('pagehide', (e) => { if (e.persisted) client.disconnect(); });
  addEventListener('pageshow', (e) => { if (e.persisted) client.reconnect(); });
  void tab.then((id) => { window.__upworkResearcher = { db: client.db, tab: id, role: client.role }; });
  return client.db;
}
