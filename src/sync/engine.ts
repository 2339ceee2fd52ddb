// The sync engine of one device: an automerge-repo Repo whose storage is this app's SQLite
// (sync_storage) and whose network is the sync server's WebSocket, holding the space's one
// document. Out: the outbox's rows are written into the document (pump). In: every change from
// another device is written into the rows (project) and told to every tab. It runs in the owner's
// worker only, loaded after start-up; Automerge's WASM must be initialised before this module is
// used (engine-browser.ts in the app, testing/automerge.ts in Node).
import { Repo, type AutomergeUrl, type DocHandle, type PeerId, type StorageId } from '@automerge/automerge-repo/slim';
import { ClosingWebSocketClientAdapter } from './websocket-client.ts';
import { sendWhileOpen } from './send-while-open.ts';
import type { Db } from '../db/domain/db.ts';
import { branchesOf, emptySpace, project, touched, writeOutbox, type SpaceDoc } from './mapping.ts';
import { markPumped, pendingOutbox, unmarkPumped } from './outbox.ts';
import { SqliteStorageAdapter } from './sqlite-storage.ts';
import { forgetLeft, settleRejoin } from './rejoin.ts';
import { checkSpace } from './check-space.ts';
import type { SpaceConfig, SyncProblem, SyncStatus } from './status.ts';

export interface EngineDeps {
  db: Db;
  config: SpaceConfig;
  /** Keeps the document's URL once this device made it (the first device of a space). */
  saveDoc: (url: string) => void;
  /** Rows written from other devices' changes: every tab refreshes them. */
  onProjected: (change: { proposals: number[]; settings: boolean }) => void;
  onStatus: (status: SyncStatus) => void;
  /** The database's schema version: a new one re-projects everything (new columns fill in). */
  schemaVersion: number;
  fetch?: typeof fetch;
  log?: Pick<Console, 'info' | 'error'>;
  /** How often to try again while the server cannot be reached (ms). */
  retryMs?: number;
  /** The connection's class (tests give a subclass that drops the connection at a chosen moment). */
  Network?: typeof EngineNetwork;
}

export interface Engine {
  /** Writes what changed here into the document (after each commit). */
  pump(): void;
  status(): SyncStatus;
  stop(): Promise<void>;
}

/** The engine's connection to the server: automerge-repo's WebSocket client, made safe to answer on a closing socket. */
export const EngineNetwork = sendWhileOpen(ClosingWebSocketClientAdapter);

export const webSocketAddress = (c: SpaceConfig) => `${c.server.replace(/^http/, 'ws')}/sync/${c.space}?token=${encodeURIComponent(c.token)}`;

const PUMP_BATCH = 100;

const sameHeads = (a: readonly string[] | undefined, b: readonly string[]) => !!a && a.length === b.length && [...a].sort().join() === [...b].sort().join();

export async function startEngine({ db, config, saveDoc, onProjected, onStatus, schemaVersion, fetch: fetchFn = fetch, log = console, retryMs = 3000, Network = EngineNetwork }: EngineDeps): Promise<Engine> {
  unmarkPumped(db);
  const network = new Network(webSocketAddress(config), retryMs);
  const repo = new Repo({ storage: new SqliteStorageAdapter(db), network: [network] });
  let server: { peer: PeerId; storage: StorageId | undefined } | null = null;
  let problem: SyncProblem | null = null;
  let stopped = false;
  let handle: DocHandle<SpaceDoc> | null = null;
  let pumping = false;
  let checking: ReturnType<typeof setTimeout> | undefined;

  const waiting = () => Number(db.query('SELECT count(*) AS n FROM sync_outbox')[0].n);
  const status = (): SyncStatus => {
    const n = waiting();
    if (problem) return { state: 'error', server: config.server, waiting: n, problem };
    if (!server || !handle) return { state: 'offline', server: config.server, waiting: n };
    return n ? { state: 'waiting', server: config.server, waiting: n } : { state: 'synced', server: config.server };
  };
  let last = '';
  const tell = () => {
    const s = status();
    const text = JSON.stringify(s);
    if (text !== last && !stopped) { last = text; onStatus(s); }
  };

  /** The server has every change made here: what was waiting is no longer. */
  const confirm = () => {
    // The Repo learns the server's storage id from its first message, at a moment of its own: asked again until known.
    if (server && !server.storage) server.storage = repo.getStorageIdOfPeer(server.peer);
    if (!handle || !server?.storage) return;
    if (sameHeads(handle.getSyncInfo(server.storage)?.lastHeads, handle.heads())) db.query('DELETE FROM sync_outbox WHERE pumped = 1');
    tell();
  };

  // While the server is not there, ask it over HTTP why: a browser's WebSocket never says.
  const check = async () => {
    clearTimeout(checking);
    if (stopped || server) return;
    const found = await checkSpace(config, fetchFn);
    if (stopped || server) return;
    problem = found === 'unreachable' ? null : found;
    tell();
    checking = setTimeout(() => void check(), retryMs);
  };

  network.on('peer-candidate', ({ peerId }) => {
    problem = null;
    server = { peer: peerId, storage: undefined };
    // The Repo learns the server's storage id from the same message, a moment later.
    setTimeout(() => {
      if (server?.peer === peerId) server.storage = repo.getStorageIdOfPeer(peerId);
      confirm();
    }, 0);
    tell();
  });
  network.on('peer-disconnected', () => {
    server = null;
    tell();
    void check();
  });
  void check();

  const pump = () => {
    if (!handle || stopped) return;
    const rows = pendingOutbox(db);
    // In changes of a few rows each: one change with thousands of texts made Automerge fail
    // ("splice range out of bounds") when the Repo asked for its patches.
    for (let i = 0; i < rows.length; i += PUMP_BATCH) {
      const batch = rows.slice(i, i + PUMP_BATCH);
      pumping = true;
      try {
        handle.change((d) => writeOutbox(db, d, batch));
      } finally {
        pumping = false;
      }
      markPumped(db, batch);
    }
    confirm();
  };

  const projectedMark = () => `${schemaVersion}:${JSON.stringify(handle ? [...handle.heads()].sort() : [])}`;
  const saveMark = () => db.query(`INSERT OR REPLACE INTO sync_state (key, value) VALUES ('projected', ?)`, [projectedMark()]);

  function attach(h: DocHandle<SpaceDoc>) {
    handle = h;
    h.on('change', ({ doc, patches }) => {
      if (pumping || stopped) return;
      const { uids } = touched(patches);
      const r = project(db, doc, uids, branchesOf(doc));
      for (const x of r.refused) log.error(`[sync] a proposal from another device was left out: ${x.message}`);
      saveMark();
      if (r.proposals.length || r.settings) onProjected({ proposals: r.proposals, settings: r.settings });
      // What arrived may make this device's heads the server's: what waited is confirmed now, as
      // no word from the server follows when its own heads did not change.
      if (r.merged.length) pump();
      else confirm();
    });
    h.on('remote-heads', confirm);
    // What arrived while this device was not running (or a new build's columns): written now.
    const [mark] = db.query(`SELECT value FROM sync_state WHERE key = 'projected'`);
    if (mark?.value !== projectedMark()) {
      const doc = h.doc();
      // The first projection in this space: rows this device changed last are not overwritten.
      const ours = mark ? null : settleRejoin(db, doc);
      const r = project(db, doc, ours?.size ? Object.keys(doc.proposals ?? {}).filter((u) => !ours.has(u)) : 'all');
      saveMark();
      forgetLeft(db);
      if (r.proposals.length || r.settings) onProjected({ proposals: r.proposals, settings: r.settings });
    }
    pump();
  }

  // The document: made here for a new space, else found (in storage, or from the server: retried
  // while it cannot be had, offline for instance).
  const open = async () => {
    if (!config.doc) {
      const h = repo.create<SpaceDoc>(emptySpace());
      saveDoc(h.url);
      return attach(h);
    }
    while (!stopped) {
      try {
        return attach(await repo.find<SpaceDoc>(config.doc as AutomergeUrl));
      } catch (e) {
        log.info(`[sync] the space's document is not here yet: ${e instanceof Error ? e.message : e}`);
        await new Promise((r) => setTimeout(r, retryMs));
      }
    }
  };
  void open().catch((e) => log.error('[sync] could not open the space:', e instanceof Error ? e.message : e));

  return {
    pump,
    status,
    async stop() {
      stopped = true;
      clearTimeout(checking);
      await repo.flush().catch(() => {});
      await repo.shutdown();
    },
  };
}
