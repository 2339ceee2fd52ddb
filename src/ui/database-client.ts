import * as Comlink from 'comlink';
import type { DatabaseApi } from '../db/api.ts';

export type DatabaseClient = Comlink.Remote<DatabaseApi>;

/** The UI's handle on the database, over any endpoint: a dedicated worker today, a shared one later. */
export const connectDatabase = (endpoint: Comlink.Endpoint): DatabaseClient => Comlink.wrap<DatabaseApi>(endpoint);

export function startDatabaseWorker(): DatabaseClient {
  return connectDatabase(new Worker(new URL('../db/worker/worker.ts', import.meta.url), { type: 'module', name: 'database' }));
}

export const proxy = Comlink.proxy;
