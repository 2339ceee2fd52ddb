import type * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import type { StartupState } from '../db/api.ts';
import type { TabPort } from '../db/tab-port.ts';
import { databaseClient } from './database-client.ts';

const ready: StartupState = { seq: 5, phase: 'ready', persistent: true, timings: { workerStart: 0 }, report: { fromVersion: 0, toVersion: 4, applied: [], backup: null, totalMs: 0 } as never };
const loading: StartupState = { seq: 2, phase: 'loading', step: 'open' };

/** A worker whose change (newer) reaches the page before its reply to startup() (older): they travel on different ports. */
function workerDeliveringOutOfOrder() {
  const port = {
    startup: (onChange?: (s: StartupState) => void) => new Promise<StartupState>((reply) => {
      setTimeout(() => onChange?.(ready), 1);
      setTimeout(() => reply(loading), 5);
    }),
    watch: async () => {},
    call: async () => undefined,
    role: async () => 'owner',
    useMemoryDatabase: async () => {},
  } as unknown as Comlink.Remote<TabPort>;
  return () => ({ port, end() {} });
}

describe('the page’s database client', () => {
  it('keeps the worker’s newest start-up state: an older one arriving later is dropped', async () => {
    const { db } = databaseClient(workerDeliveringOutOfOrder());
    const heard: StartupState[] = [];
    await db.startup((s) => heard.push(s));
    await new Promise((r) => setTimeout(r, 20));
    expect((await db.startup()).phase).toBe('ready');
    expect(heard.map((s) => s.phase)).toEqual(['ready']);
  });
});
