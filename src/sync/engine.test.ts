// The engine over this app's SQLite and the real sync server: a device killed after it marked a
// change as written into the document but before the engine's storage saved that document (its
// saves trail by ~100 ms) must still send that change once it starts again.
import { describe, expect, it } from 'vitest';
import '../testing/automerge.ts';
import { migratedDb } from '../testing/sqlite.ts';
import { createProposal, countProposals } from '../db/domain/proposals-repo.ts';
import type { Db } from '../db/domain/db.ts';
import { spawnSyncServer } from '../../scripts/sync-server-process.mjs';
import { startEngine, type Engine } from './engine.ts';
import { queueEverything } from './outbox.ts';
import type { SpaceConfig, SyncStatus } from './status.ts';

const quiet = { info() {}, error() {} };

async function run(db: Db, config: SpaceConfig, onDoc: (url: string) => void = () => {}): Promise<{ engine: Engine; status: () => SyncStatus }> {
  let status: SyncStatus = { state: 'off' };
  db.query(`INSERT OR REPLACE INTO sync_state (key, value) VALUES ('space', ?)`, [JSON.stringify(config)]);
  const engine = await startEngine({ db, config, schemaVersion: 9, retryMs: 200, log: quiet, saveDoc: onDoc, onProjected: () => {}, onStatus: (s) => { status = s; } });
  return { engine, status: () => status };
}

describe('the sync engine', () => {
  it("re-sends at start what was marked written but never reached the engine's storage (a kill in between)", async () => {
    const server = await spawnSyncServer();
    try {
      const made = (await (await fetch(`${server.url}/spaces`, { method: 'POST' })).json()) as { space: string; token: string };
      let config: SpaceConfig = { server: server.url, ...made };
      const a = (await migratedDb()).db;
      createProposal(a, { jobContent: 'Before', generatedText: 'x' });
      queueEverything(a, { settings: false });
      let first = await run(a, config, (doc) => { config = { ...config, doc }; });
      await expect.poll(() => first.status().state, { timeout: 10_000 }).toBe('synced');
      await first.engine.stop();

      // What a kill leaves: the row marked as written, the document saved without it.
      createProposal(a, { jobContent: 'Marked written, then killed', generatedText: 'y' });
      a.query('UPDATE sync_outbox SET pumped = 1');
      first = await run(a, config);
      await expect.poll(() => first.status().state, { timeout: 10_000 }).toBe('synced');

      const b = (await migratedDb()).db;
      const other = await run(b, config);
      await expect.poll(() => countProposals(b), { timeout: 10_000 }).toBe(2);
      await other.engine.stop();
      await first.engine.stop();
    } finally {
      await server.stop('SIGKILL');
    }
  });
});
