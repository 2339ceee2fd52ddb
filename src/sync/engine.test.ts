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
import { noteLeft } from './rejoin.ts';
import type { SpaceConfig, SyncStatus } from './status.ts';

const quiet = { info() {}, error() {} };

async function run(db: Db, config: SpaceConfig, onDoc: (url: string) => void = () => {}): Promise<{ engine: Engine; status: () => SyncStatus }> {
  let status: SyncStatus = { state: 'off' };
  db.query(`INSERT OR REPLACE INTO sync_state (key, value) VALUES ('space', ?)`, [JSON.stringify(config)]);
  const engine = await startEngine({ db, config, schemaVersion: 9, retryMs: 200, log: quiet, saveDoc: onDoc, onProjected: () => {}, onStatus: (s) => { status = s; } });
  return { engine, status: () => status };
}

/** A new space on a real sync server, killed after the test. */
async function inNewSpace(test: (config: SpaceConfig) => Promise<void>): Promise<void> {
  const server = await spawnSyncServer();
  try {
    const made = (await (await fetch(`${server.url}/spaces`, { method: 'POST' })).json()) as { space: string; token: string };
    await test({ server: server.url, ...made });
  } finally {
    await server.stop('SIGKILL');
  }
}

describe('the sync engine', () => {
  it("re-sends at start what was marked written but never reached the engine's storage (a kill in between)", async () => {
    await inNewSpace(async (space) => {
      let config = space;
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
    });
  });
  it('a device that left and joins again keeps what it wrote while out, and what others wrote (both texts of one changed on both sides)', async () => {
    await inNewSpace(async (space) => {
      let config = space;
      const a = (await migratedDb()).db;
      for (const name of ['P', 'Q', 'R']) createProposal(a, { jobContent: `Job ${name}`, generatedText: `${name} as it was` });
      a.query(`UPDATE proposals SET updated_at = '2026-01-01 09:00:00'`);
      queueEverything(a, { settings: false });
      let onA = await run(a, config, (doc) => { config = { ...config, doc }; });
      await expect.poll(() => onA.status().state, { timeout: 10_000 }).toBe('synced');
      const b = (await migratedDb()).db;
      const onB = await run(b, config);
      await expect.poll(() => countProposals(b), { timeout: 10_000 }).toBe(3);

      // A leaves (what leaving does), then both write: P on A, Q on B, R on both (B last).
      await onA.engine.stop();
      a.exec('DELETE FROM sync_state; DELETE FROM sync_outbox; DELETE FROM sync_storage;');
      noteLeft(a);
      a.query(`UPDATE sync_state SET value = '2026-01-01 10:00:00'`);
      const write = (db: Db, job: string, text: string, at: string) =>
        db.query(`UPDATE proposals SET generated_text = ?, updated_at = ? WHERE job_content = ?`, [text, at, job]);
      write(a, 'Job P', 'P from A', '2026-01-01 11:00:00');
      write(a, 'Job R', 'R from A', '2026-01-01 11:00:00');
      write(b, 'Job Q', 'Q from B', '2026-01-01 11:30:00');
      write(b, 'Job R', 'R from B', '2026-01-01 12:00:00');
      onB.engine.pump();
      await expect.poll(() => onB.status().state, { timeout: 10_000 }).toBe('synced');

      // A joins again (what joining does).
      queueEverything(a, { settings: false });
      onA = await run(a, config);
      const texts = (db: Db) => db.query('SELECT job_content AS job, generated_text AS text FROM proposals ORDER BY job_content').map((r) => `${r.job}: ${r.text}`);
      const kept = (db: Db) => db.query(`SELECT p.job_content AS job, v.generated_text AS text, v.merged FROM proposal_versions v JOIN proposals p ON p.id = v.proposal_id ORDER BY 1, 2`);
      const expected = ['Job P: P from A', 'Job Q: Q from B', 'Job R: R from B'];
      await expect.poll(() => texts(a), { timeout: 10_000 }).toEqual(expected);
      await expect.poll(() => texts(b), { timeout: 10_000 }).toEqual(expected);
      await expect.poll(() => kept(b), { timeout: 10_000 }).toEqual([{ job: 'Job R', text: 'R from A', merged: 1 }]);
      expect(kept(a)).toEqual([{ job: 'Job R', text: 'R from A', merged: 1 }]);
      expect(a.query(`SELECT count(*) AS n FROM sync_state WHERE key = 'left_at'`)[0].n).toBe(0);
      await onB.engine.stop();
      await onA.engine.stop();
    });
  });
});
