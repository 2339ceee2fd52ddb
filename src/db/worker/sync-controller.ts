// Sync in the owner's worker: after start-up (never on its path) it reads whether this device is in
// a space, loads the engine (Automerge's WASM with it) only then, and starts or stops it when the
// space changes. Every committed write pumps the outbox; every status change is told to every tab.
import { readHistory } from '../../migrate/index.ts';
import { tableExists, type Db } from '../domain/db.ts';
import type { Engine, EngineDeps } from '../../sync/engine.ts';
import type { SpaceConfig, SyncStatus } from '../../sync/status.ts';
import type { DataChange } from '../api.ts';
import type { OwnerDatabase } from './owner-database.ts';
import type { SecretBox } from './secret-box.ts';
import { SyncSetupError } from '../../sync/pairing.ts';

/** Loads the engine module (with Automerge's WASM initialised): a dynamic import, after start-up. */
export type LoadSyncEngine = () => Promise<{ startEngine: (deps: EngineDeps) => Promise<Engine> }>;

export interface SyncController {
  /** After every commit: pumps what changed into the document, or (re)starts when the space changed. */
  changed(): void;
  status(): SyncStatus;
  /** This device's space with its token opened, or null when sync is off; a SyncSetupError when it cannot be opened here. */
  config(): Promise<SpaceConfig | null>;
  close(): Promise<void>;
}

const OFF: SyncStatus = { state: 'off' };

/** The space as this device keeps it (its token sealed), or null when sync is off. */
export function readSpaceConfig(db: Db): SpaceConfig | null {
  if (!tableExists(db, 'sync_state')) return null; // a database from before V8, being migrated
  const [row] = db.query(`SELECT value FROM sync_state WHERE key = 'space'`);
  return row ? (JSON.parse(String(row.value)) as SpaceConfig) : null;
}

/** The space with its token opened, or null when this browser cannot open it (sealed in another one). */
export async function openSpaceConfig(stored: SpaceConfig, secrets: SecretBox): Promise<SpaceConfig | null> {
  const token = await secrets.open(stored.token).catch(() => null); // no key store: no more use than a foreign key
  return token ? { ...stored, token } : null;
}

const waitingHere = (db: Db) => Number(db.query('SELECT count(*) AS n FROM sync_outbox')[0].n);

export function openSyncController({ database, secrets, loadEngine, announce, delayMs = 300, log = console }: {
  database: OwnerDatabase;
  secrets: SecretBox;
  loadEngine?: LoadSyncEngine;
  announce: (change: Omit<DataChange, 'by'>) => void;
  delayMs?: number;
  log?: Pick<Console, 'info' | 'error'>;
}): SyncController {
  let engine: Engine | null = null;
  let running: string | null = null; // the config the engine runs with, as JSON
  let current: SyncStatus = OFF;
  let closed = false;
  let db: Db | null = null;
  let switching: Promise<void> = Promise.resolve();

  const setStatus = (s: SyncStatus) => {
    if (JSON.stringify(s) === JSON.stringify(current)) return;
    current = s;
    announce({ sync: s });
  };

  /** Starts, stops or restarts the engine to match the stored space. */
  const reconcile = () => {
    switching = switching.then(async () => {
      if (!db || closed || !loadEngine) return;
      const stored = readSpaceConfig(db);
      // Only the document's URL being added (by the engine itself) does not restart it.
      const key = stored ? JSON.stringify({ ...stored, doc: undefined }) : null;
      const unpaired = (s: SpaceConfig) => setStatus({ state: 'error', server: s.server, waiting: waitingHere(db!), problem: 'unpaired' });
      if (key === running) {
        if (engine) engine.pump();
        else if (stored) unpaired(stored); // the count of what waits goes on
        return;
      }
      const old = engine;
      engine = null;
      running = key;
      await old?.stop();
      // Left: the engine's state goes too (its last writes land as it stops); the data stays.
      if (!stored) {
        if (old) db.query('DELETE FROM sync_storage');
        return setStatus(OFF);
      }
      // Its changes wait in the outbox until the person pairs this device again.
      const config = await openSpaceConfig(stored, secrets);
      if (!config) return unpaired(stored);
      const { startEngine } = await loadEngine();
      const session = db;
      engine = await startEngine({
        db: session,
        config,
        schemaVersion: readHistory(session).at(-1)?.version ?? 0,
        saveDoc: (url) => session.query(`UPDATE sync_state SET value = json_set(value, '$.doc', ?) WHERE key = 'space'`, [url]),
        onProjected: ({ proposals, settings }) => announce({ proposals, settings }),
        onStatus: setStatus,
        log,
      });
      setStatus(engine.status());
    }).catch((e) => log.error('[sync] could not start:', e instanceof Error ? e.message : e));
  };

  // After start-up, never on its path: the app is ready and painted before any of this loads.
  void database.session().then((s) => setTimeout(() => {
    db = s.db;
    reconcile();
  }, delayMs), () => {});

  return {
    changed: () => { if (db) reconcile(); },
    status: () => current,
    async config() {
      const stored = db ? readSpaceConfig(db) : null;
      if (!stored) return null;
      const config = await openSpaceConfig(stored, secrets);
      if (!config) throw new SyncSetupError('unpaired', 'This device cannot read its pairing here (the database came from another browser, or this browser\'s keys were cleared): enter a pairing code from a device that syncs.');
      return config;
    },
    async close() {
      closed = true;
      await switching;
      await engine?.stop();
      engine = null;
    },
  };
}
