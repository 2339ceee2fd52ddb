// One tab's database worker. Every tab runs one; the one elected (election.ts) becomes the owner
// (owner-role.ts): it opens the database and serves every tab. The others send it whole operations
// from their outbox (outbox.ts) and hear its state and every change (announcements.ts). The page
// sees the same TabPort either way, so the UI never knows which tab owns the database. A newer
// build takes the database over; an older one stops.
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { Migration } from '../../migrate/index.ts';
import type { SchemaImage } from '../sqlite/schema-image.ts';
import type { DataChange, StartupState, StartupTimings } from '../api.ts';
import { randomId } from '../domain/random-id.ts';
import { newestOnly, stateFeed } from '../startup-states.ts';
import type { Role, TabPort } from '../tab-port.ts';
import { announcements } from './announcements.ts';
import { stand, type Candidacy, type Locks } from './election.ts';
import { createOutbox } from './outbox.ts';
import { openOwner, type Owner } from './owner-role.ts';
import { CHANNELS, PROTOCOL, StaleBuildError, type OpenChannel, type Peer, type Request } from './protocol.ts';
import type { SecretBox } from './secret-box.ts';
import type { DatabaseLock, DatabaseStorage } from './storage.ts';
import type { LoadSyncEngine } from './sync-controller.ts';

export interface TabDeps {
  tab: string;
  loadSqlite: () => Promise<Sqlite3Static>;
  migrations: readonly Migration[];
  /** What the migrations make from nothing, copied in on a first start (none: they are run). */
  schemaImage?: SchemaImage | null;
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
  /** Loads the sync engine, after start-up and only for a device in a space; none: no sync. */
  loadSyncEngine?: LoadSyncEngine;
}

const defaultNow = () => performance.timeOrigin + performance.now();

export function startDatabaseTab(deps: TabDeps): TabPort {
  const { tab, storage, openChannel, log = console, callTimeoutMs = 60_000, now = defaultNow } = deps;
  const schema = Math.max(0, ...deps.migrations.map((m) => m.version));
  const self: Peer = { tab, schema, protocol: PROTOCOL };
  const timings: StartupTimings = { workerStart: deps.startedAt ?? now() };
  // Loaded once, by whichever path needs it first (worker.ts may have started it already).
  let sqlite: Promise<Sqlite3Static> | undefined;
  const loadSqlite = () => (sqlite ??= deps.loadSqlite().then((s) => { timings.wasmReady = now(); return s; }));

  let role: Role = 'candidate';
  let owner: Owner | null = null;
  let candidacy: Candidacy | null = null;
  /** The current owner's term, as last announced. */
  let ownerTerm: string | null = null;
  /** The states of the current owner's term, newest only (it repeats its state to each hello). */
  let fromOwner = newestOnly();
  const states = stateFeed({ phase: 'loading', step: 'owner' });
  const changeListeners = new Set<(c: DataChange) => void>();
  const emitChange = (change: DataChange) => { for (const l of changeListeners) l(change); };

  const requests = openChannel(CHANNELS.requests);
  const outbox = createOutbox({ from: self, requests, inbox: openChannel(CHANNELS.tab(tab)), timeoutMs: callTimeoutMs });
  const said = announcements(openChannel(CHANNELS.announce), self, {
    newerBuild: () => void goStale(),
    hello() {
      if (owner && role === 'owner') said.owner(owner.term, owner.database.state);
    },
    owner(term, state) {
      if (role !== 'candidate') return;
      if (term !== ownerTerm) {
        const hadOwner = ownerTerm !== null;
        ownerTerm = term;
        fromOwner = newestOnly();
        outbox.resendTo(term);
        // Changes may have been missed between two owners: every tab reads everything again.
        if (hadOwner) emitChange({ proposals: 'all', settings: true, by: '' });
      }
      if (!fromOwner(state)) return;
      // A tab that did not start the database times its own start-up: ready when the owner is.
      states.set(state.phase === 'ready' ? { ...state, timings: { ...timings, migrated: (timings.migrated ??= now()) } } : state);
    },
    changed: (change) => { if (role !== 'stale') emitChange(change); },
  });

  function open(lock: DatabaseLock, term: string, onChange: (change: DataChange) => void): Owner {
    return openOwner({ deps: { ...deps, log, now }, term, self, lock, loadSqlite, onChange, openChannel: (to) => openChannel(CHANNELS.tab(to)) });
  }

  function becomeOwner() {
    if (role !== 'candidate' || !candidacy) return;
    role = 'owner';
    const term = randomId();
    const o = open(deps.legacyLock, term, (change) => {
      said.changed(term, change);
      emitChange(change);
    });
    owner = o;
    ownerTerm = term;
    const publish = (s: StartupState) => {
      states.set(s);
      said.owner(term, s);
    };
    o.database.onChange(publish);
    publish(o.database.state);
    requests.onmessage = (e) => owner?.serve(e.data as Request, () => void goStale());
    // What this tab asked while another tab was the owner is answered here now.
    for (const p of outbox.takeAll()) o.execute({ id: p.id, tab, method: p.method, args: p.args }).then(p.resolve, p.reject);
  }

  /** Finishes what was accepted, closes the database, lets go of the file and the lock. */
  async function resign() {
    const o = owner;
    if (!o) return;
    owner = null;
    requests.onmessage = null; // from now on requests wait in their senders' outboxes
    await o.close();
    candidacy?.resign();
    candidacy = null;
    if (ownerTerm === o.term) ownerTerm = null;
  }

  async function goStale() {
    if (role === 'stale' || role === 'memory') return;
    const wasOwner = role === 'owner';
    role = 'stale';
    if (wasOwner) await resign();
    candidacy?.resign();
    candidacy = null;
    for (const p of outbox.takeAll()) p.reject(new StaleBuildError());
    states.set({ phase: 'stale' });
    log.info('[database] a newer version of the app is open in another tab: this tab stops using the database');
  }

  const unavailable = storage.unavailableReason();
  if (unavailable) {
    // No shared storage: this tab works alone, in memory if the user accepts it.
    role = 'memory';
    owner = open({ tryAcquire: async () => true, acquire: async () => {}, release() {} }, 'memory', emitChange);
    owner.database.onChange(states.set);
    states.set(owner.database.state);
  } else {
    candidacy = stand(deps.locks, becomeOwner);
    said.hello();
  }

  return {
    call(id, method, args) {
      if (role === 'stale') return Promise.reject(new StaleBuildError());
      if (owner && (role === 'owner' || role === 'memory')) return owner.execute({ id, tab, method, args });
      return outbox.send(id, method, args, ownerTerm);
    },
    async startup(onChange) {
      if (onChange) states.listen(onChange);
      return states.current;
    },
    async watch(onChange) {
      changeListeners.add(onChange);
    },
    async useMemoryDatabase() {
      if (role !== 'memory' || !owner) throw new Error('A memory database is only offered when storage is unavailable.');
      await owner.database.useMemoryDatabase();
    },
    role: async () => role,
  };
}
