// One tab's database worker. Every tab runs one; the one elected (election.ts) opens the database
// and serves every tab, the others forward whole operations to it (protocol.ts). The page sees the
// same TabPort either way, so the UI never knows which tab owns the database.
//
// Nothing is lost as owners come and go: a call waits in this worker's outbox until an owner
// answers it, and is sent again, with the same id, whenever a new owner announces itself; the owner
// applies a write id once (executor.ts). A newer build takes the database over; an older one stops.
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { Migration } from '../../migrate/index.ts';
import type { DataChange, ErrorInfo, StartupState, StartupTimings } from '../api.ts';
import { randomId } from '../domain/random-id.ts';
import { toErrorInfo } from '../error-info.ts';
import { stand, type Candidacy, type Locks } from './election.ts';
import { createExecutor, type Executor } from './executor.ts';
import { databaseOperations } from './operations.ts';
import {
  CHANNELS, compareBuilds, PROTOCOL, StaleBuildError,
  type Announce, type Channel, type OpenChannel, type Peer, type Request, type Response,
} from './protocol.ts';
import type { SecretBox } from './secret-box.ts';
import { startDatabase, type Startup } from './startup.ts';
import type { DatabaseLock, DatabaseStorage } from './storage.ts';

/** What the page calls, through Comlink. */
export interface TabPort {
  /** Runs one DatabaseApi operation; `id` is unique per operation and kept if it must be sent again. */
  call(id: string, method: string, args: unknown[]): Promise<unknown>;
  startup(onChange?: (state: StartupState) => void): Promise<StartupState>;
  watch(onChange: (change: DataChange) => void): Promise<void>;
  useMemoryDatabase(): Promise<void>;
  /** For tests and the benchmark only: what this tab's worker is now. */
  role(): Promise<Role>;
}

export type Role = 'candidate' | 'owner' | 'memory' | 'stale';

export interface TabDeps {
  tab: string;
  loadSqlite: () => Promise<Sqlite3Static>;
  migrations: readonly Migration[];
  storage: DatabaseStorage;
  /** Held by the owner beside the election: builds from before the election used it alone. */
  legacyLock: DatabaseLock;
  locks: Locks;
  openChannel: OpenChannel;
  appVersion: string;
  /** Seals the API key at rest with this browser's own key. */
  secrets: SecretBox;
  log?: Pick<Console, 'info' | 'error'>;
  /** A call no owner has answered in this time fails, saying so. */
  callTimeoutMs?: number;
  now?: () => number;
  /** When the worker started (epoch ms): the engine may have been loading since. */
  startedAt?: number;
}

interface Pending {
  request: Request;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** The owner term it was last sent to (null: not sent yet). */
  sentTo: string | null;
  timer: ReturnType<typeof setTimeout>;
}

interface Owned {
  term: string;
  startup: Startup;
  executor: Executor;
  candidacy: Candidacy;
}

/** An error that crossed a channel as plain data, as an Error again with its fields. */
const errorFrom = (info: ErrorInfo) => Object.assign(new Error(info.message), info);

const defaultNow = () => performance.timeOrigin + performance.now();

export function startDatabaseTab(deps: TabDeps): TabPort {
  const { tab, storage, openChannel, log = console, callTimeoutMs = 60_000, now = defaultNow } = deps;
  const schema = Math.max(0, ...deps.migrations.map((m) => m.version));
  const peer: Peer = { tab, schema, protocol: PROTOCOL };
  const timings: StartupTimings = { workerStart: deps.startedAt ?? now() };
  // The engine loads in every tab: a tab that becomes the owner need not wait for it.
  let sqlite: Promise<Sqlite3Static> | undefined;
  const loadSqlite = () => (sqlite ??= deps.loadSqlite().then((s) => { timings.wasmReady = now(); return s; }));

  let role: Role = 'candidate';
  let owned: Owned | null = null;
  let candidacy: Candidacy | null = null;
  /** The current owner's term, as last announced, and the number of its last state heard. */
  let ownerTerm: string | null = null;
  let ownerStateSeq: number | undefined;
  const outbox = new Map<string, Pending>();
  const stateListeners = new Set<(s: StartupState) => void>();
  const changeListeners = new Set<(c: DataChange) => void>();
  let seq = 0;
  let state: StartupState = { seq, phase: 'loading', step: 'owner' };

  const setState = (next: StartupState) => {
    state = { ...next, seq: ++seq };
    for (const l of stateListeners) l(state);
  };
  const emitChange = (change: DataChange) => { for (const l of changeListeners) l(change); };

  const announce = openChannel(CHANNELS.announce);
  const requests = openChannel(CHANNELS.requests);
  const inbox = openChannel(CHANNELS.tab(tab));
  const replyChannels = new Map<string, Channel>();
  const post = (message: Announce) => announce.postMessage(message);
  const reply = (to: string, message: Response) => {
    let channel = replyChannels.get(to);
    if (!channel) replyChannels.set(to, (channel = openChannel(CHANNELS.tab(to))));
    channel.postMessage(message);
  };

  // --- as the owner ---------------------------------------------------------------------------

  /** Opens the database here: its start-up, and the executor that runs every operation on it. */
  function openHere(lock: DatabaseLock, onChange: (change: DataChange) => void) {
    const startup = startDatabase({ ...deps, loadSqlite, lock, log, now });
    const ops = databaseOperations({
      startup, storage, migrations: deps.migrations, appVersion: deps.appVersion, secrets: deps.secrets,
      progress: (p) => onChange({ progress: p, by: '' }),
    });
    return { startup, executor: createExecutor(startup, ops, onChange) };
  }

  function becomeOwner() {
    if (role !== 'candidate' || !candidacy) return;
    role = 'owner';
    const term = randomId();
    const { startup, executor } = openHere(deps.legacyLock, (change) => {
      post({ type: 'changed', owner: term, change });
      emitChange(change);
    });
    owned = { term, startup, executor, candidacy };
    ownerTerm = term;
    startup.onChange((s) => {
      setState(s);
      post({ type: 'owner', from: peer, owner: term, state: s });
    });
    setState(startup.state);
    post({ type: 'owner', from: peer, owner: term, state: startup.state });
    requests.onmessage = (e) => serve(e.data as Request);
    // What this tab asked while another tab was the owner is answered here now.
    for (const [id, p] of outbox) {
      outbox.delete(id);
      clearTimeout(p.timer);
      executor.execute({ id, tab, method: p.request.method, args: p.request.args }).then(p.resolve, p.reject);
    }
  }

  function serve(request: Request) {
    if (!owned || request.type !== 'request') return;
    const order = compareBuilds(request.from, peer);
    const answer = (r: Promise<unknown>) => r.then(
      (value) => reply(request.from.tab, { type: 'response', id: request.id, owner: owned?.term ?? '', ok: true, value }),
      (e) => reply(request.from.tab, { type: 'response', id: request.id, owner: owned?.term ?? '', ok: false, error: toErrorInfo(e) }),
    );
    // An older build must not write into a schema it does not know: refused before anything runs.
    if (order < 0) return void answer(Promise.reject(new StaleBuildError()));
    // A newer build: it takes over. Its request stays in its outbox and goes to the next owner.
    if (order > 0) return void goStale();
    void answer(owned.executor.execute({ id: request.id, tab: request.from.tab, method: request.method, args: request.args }));
  }

  /** Finishes what was accepted, closes the database, lets go of the file and the lock. */
  async function resign() {
    const o = owned;
    if (!o) return;
    owned = null;
    requests.onmessage = null; // from now on requests wait in their senders' outboxes
    await o.executor.drain();
    await o.startup.close();
    o.candidacy.resign();
    if (candidacy === o.candidacy) candidacy = null;
    if (ownerTerm === o.term) ownerTerm = null;
  }

  // --- as any tab -------------------------------------------------------------------------------

  function send(p: Pending) {
    p.sentTo = ownerTerm;
    requests.postMessage(p.request);
  }

  function forward(id: string, method: string, args: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        outbox.delete(id);
        reject(new Error(`No tab of this app could open the database within ${Math.round(callTimeoutMs / 1000)} seconds, so "${method}" was not confirmed. Reload the app; nothing that was saved before is lost.`));
      }, callTimeoutMs);
      const p: Pending = { request: { type: 'request', id, from: peer, method, args }, resolve, reject, sentTo: null, timer };
      outbox.set(id, p);
      if (ownerTerm) send(p);
    });
  }

  inbox.onmessage = (e) => {
    const r = e.data as Response;
    const p = outbox.get(r.id);
    if (r.type !== 'response' || !p) return;
    outbox.delete(r.id);
    clearTimeout(p.timer);
    if (r.ok) p.resolve(r.value);
    else p.reject(errorFrom(r.error));
  };

  announce.onmessage = (e) => {
    const m = e.data as Announce;
    if (m.type === 'hello') {
      if (compareBuilds(m.from, peer) > 0) return void goStale();
      if (owned) post({ type: 'owner', from: peer, owner: owned.term, state: owned.startup.state });
      return;
    }
    if (m.type === 'owner') {
      const order = compareBuilds(m.from, peer);
      if (order > 0) return void goStale();
      // An older owner hands over once it hears that this build exists.
      if (order < 0) return post({ type: 'hello', from: peer });
      if (role === 'owner' || role === 'memory' || role === 'stale') return;
      const isNew = m.owner !== ownerTerm;
      const hadOwner = ownerTerm !== null;
      ownerTerm = m.owner;
      if (isNew) {
        for (const p of outbox.values()) if (p.sentTo !== m.owner) send(p);
        // Changes may have been missed between two owners: every tab reads everything again.
        if (hadOwner) emitChange({ proposals: 'all', settings: true, by: '' });
      }
      // The owner repeats its state to each tab that says hello: only a new state is news here.
      if (!isNew && m.state.seq === ownerStateSeq) return;
      ownerStateSeq = m.state.seq;
      // A tab that did not start the database times its own start-up: ready when the owner is.
      setState(m.state.phase === 'ready' ? { ...m.state, timings: { ...timings, migrated: (timings.migrated ??= now()) } } : m.state);
      return;
    }
    if (m.type === 'changed' && role !== 'stale') emitChange(m.change);
  };

  async function goStale() {
    if (role === 'stale' || role === 'memory') return;
    const wasOwner = role === 'owner';
    role = 'stale';
    if (wasOwner) await resign();
    candidacy?.resign();
    candidacy = null;
    for (const [id, p] of outbox) {
      outbox.delete(id);
      clearTimeout(p.timer);
      p.reject(new StaleBuildError());
    }
    setState({ phase: 'stale' });
    log.info('[database] a newer version of the app is open in another tab: this tab stops using the database');
  }

  function join() {
    role = 'candidate';
    candidacy = stand(deps.locks, becomeOwner);
    post({ type: 'hello', from: peer });
  }

  // --- start ------------------------------------------------------------------------------------

  const unavailable = storage.unavailableReason();
  if (unavailable) {
    // No shared storage: this tab works alone, in memory if the user accepts it.
    role = 'memory';
    const { startup, executor } = openHere({ tryAcquire: async () => true, acquire: async () => {}, release() {} }, emitChange);
    owned = { term: 'memory', startup, executor, candidacy: { resign() {} } };
    startup.onChange(setState);
    setState(startup.state);
  } else {
    join();
  }

  return {
    call(id, method, args) {
      if (role === 'stale') return Promise.reject(new StaleBuildError());
      if (owned && (role === 'owner' || role === 'memory')) return owned.executor.execute({ id, tab, method, args });
      return forward(id, method, args);
    },
    async startup(onChange) {
      if (onChange) stateListeners.add(onChange);
      return state;
    },
    async watch(onChange) {
      changeListeners.add(onChange);
    },
    async useMemoryDatabase() {
      if (role !== 'memory' || !owned) throw new Error('A memory database is only offered when storage is unavailable.');
      await owned.startup.useMemoryDatabase();
    },
    role: async () => role,
  };
}
