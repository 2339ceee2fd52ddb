// The app's sync engine, several instances over this app's SQLite, through the real sync server
// (its own process, on loopback): concurrent changes on every device converge, also when a device's
// connection closes while sync messages are still arriving (the server's keepalive drops a device
// that is slow to answer, or the server stops, mid-sync).
import { afterEach, describe, expect, it } from 'vitest';
import '../testing/automerge.ts';
import { migratedDb, type TestDb } from '../testing/sqlite.ts';
import { spawnSyncServer } from '../../scripts/sync-server-process.mjs';
import { createProposal, updateProposal } from '../db/domain/proposals-repo.ts';
import { EngineNetwork, startEngine, type Engine } from './engine.ts';
import type { SpaceConfig, SyncStatus } from './status.ts';
import migrations from 'virtual:migrations';

type Server = Awaited<ReturnType<typeof spawnSyncServer>>;

interface Device { t: TestDb; engine: Engine; status: () => SyncStatus; config: () => SpaceConfig; errors: string[] }

const open: { servers: Server[]; devices: Device[] } = { servers: [], devices: [] };
afterEach(async () => {
  await Promise.all(open.devices.splice(0).map((d) => d.engine.stop()));
  await Promise.all(open.servers.splice(0).map((s) => s.stop('SIGKILL')));
});

const start = async (options = {}) => {
  const s = await spawnSyncServer(options);
  open.servers.push(s);
  return s;
};

/**
 * The engine's own connection, which closes its socket as every `every`-th message from the server
 * arrives, before the engine reads it: what a device meets when the server ends its connection with
 * messages still on the way. It reconnects by itself, as after any drop.
 */
const dropping = (every: number) => class extends EngineNetwork {
  #seen = 0;
  override receiveMessage(bytes: Uint8Array) {
    if (++this.#seen % every === 0) this.socket?.close();
    super.receiveMessage(bytes);
  }
};

async function device(config: SpaceConfig, Network?: typeof EngineNetwork): Promise<Device> {
  const t = await migratedDb();
  let status: SyncStatus = { state: 'off' };
  let current = config;
  const errors: string[] = [];
  t.db.query(`INSERT INTO sync_state (key, value) VALUES ('space', ?)`, [JSON.stringify(config)]);
  const engine = await startEngine({
    db: t.db, config, schemaVersion: migrations.at(-1)!.version, retryMs: 100, Network,
    log: { info() {}, error: (...a: unknown[]) => errors.push(a.join(' ')) },
    saveDoc: (doc) => { current = { ...current, doc }; },
    onProjected: () => {},
    onStatus: (s) => { status = s; },
  });
  const d = { t, engine, status: () => status, config: () => current, errors };
  open.devices.push(d);
  return d;
}

const until = async (what: string, f: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The proposals' synced contents, by uid: equal on every device once they converged. */
const contents = (d: Device) => JSON.stringify(d.t.db.query('SELECT uid, job_content, generated_text FROM proposals ORDER BY uid'));

describe('the sync engine through the real server', () => {
  it('converges when several devices change at once and their connections close as messages arrive', async () => {
    const server = await start();
    const made = (await (await fetch(`${server.url}/spaces`, { method: 'POST' })).json()) as { space: string; token: string };
    const a = await device({ server: server.url, ...made });
    await until('the space document', () => !!a.config().doc);
    const devices = [a, await device(a.config(), dropping(7)), await device(a.config(), dropping(11))];
    // Each device writes its own proposals, then all edit them at once, pumping as a commit does.
    const ids = devices.map((d, i) => Array.from({ length: 3 }, (_, k) => createProposal(d.t.db, { jobContent: `job ${i}.${k}` }).id));
    for (let step = 0; step < 30; step++) {
      devices.forEach((d, i) => {
        for (const id of ids[i]) updateProposal(d.t.db, id, { generatedText: `step ${step} on device ${i}` });
        d.engine.pump();
      });
      await pause(20);
    }
    await until('every device synced with the same proposals', () =>
      devices.every((d) => d.status().state === 'synced' && contents(d) === contents(a)) && JSON.parse(contents(a)).length === 9, 30_000);
    expect(JSON.parse(contents(a)).map((p: { generated_text: string }) => p.generated_text).sort()).toEqual(
      devices.flatMap((_, i) => Array(3).fill(`step 29 on device ${i}`)));
    expect(devices.flatMap((d) => d.errors)).toEqual([]);
  }, 60_000);
});
