// This tab as the owner: it opens the database, runs every tab's operations on it (its own
// directly, the others' from the requests channel) and answers each on the asking tab's channel.
// An older build is refused before anything runs; a newer one takes the database over.
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { DataChange } from '../api.ts';
import { toErrorInfo } from '../error-info.ts';
import type { TabDeps } from './database-tab.ts';
import { createExecutor, type Call } from './executor.ts';
import { databaseOperations } from './operations.ts';
import { openOwnerDatabase, type OwnerDatabase } from './owner-database.ts';
import { compareBuilds, StaleBuildError, type Channel, type Peer, type Request, type Response } from './protocol.ts';
import type { DatabaseLock } from './storage.ts';
import { openSyncController, type SyncController } from './sync-controller.ts';

/** The `by` of changes that came from other devices, through sync. */
export const FROM_SYNC = 'sync';

export interface Owner {
  /** Names this term of ownership: it changes each time a worker becomes the owner. */
  term: string;
  database: OwnerDatabase;
  sync: SyncController;
  execute(call: Call): Promise<unknown>;
  /** Answers a request from another tab (`newerBuild` when it comes from one: this tab must stop). */
  serve(request: Request, newerBuild: () => void): void;
  /** Finishes what was accepted, then closes the database and lets go of the file and the lock. */
  close(): Promise<void>;
}

export function openOwner({ deps, term, self, lock, loadSqlite, onChange, openChannel }: {
  deps: TabDeps;
  term: string;
  self: Peer;
  lock: DatabaseLock;
  loadSqlite: () => Promise<Sqlite3Static>;
  onChange: (change: DataChange) => void;
  openChannel: (tab: string) => Channel;
}): Owner {
  const database = openOwnerDatabase({ ...deps, loadSqlite, lock });
  const sync = openSyncController({ database, secrets: deps.secrets, loadEngine: deps.loadSyncEngine, announce: (change) => onChange({ ...change, by: FROM_SYNC }), log: deps.log });
  const ops = databaseOperations({
    database, storage: deps.storage, migrations: deps.migrations, appVersion: deps.appVersion, secrets: deps.secrets, sync,
    // Not a change: an import's progress, to every tab (the one that asked shows it).
    progress: (p) => onChange({ progress: p, by: '' }),
  });
  // Every commit here goes out to the other devices (the outbox, filled by triggers, is pumped).
  const executor = createExecutor(database, ops, (change) => {
    onChange(change);
    if (!change.progress) sync.changed();
  });
  const replyChannels = new Map<string, Channel>();
  const reply = (to: string, message: Response) => {
    let channel = replyChannels.get(to);
    if (!channel) replyChannels.set(to, (channel = openChannel(to)));
    channel.postMessage(message);
  };
  return {
    term,
    database,
    sync,
    execute: executor.execute,
    serve(request, newerBuild) {
      if (request.type !== 'request') return;
      const order = compareBuilds(request.from, self);
      const answer = (r: Promise<unknown>) => r.then(
        (value) => reply(request.from.tab, { type: 'response', id: request.id, owner: term, ok: true, value }),
        (e) => reply(request.from.tab, { type: 'response', id: request.id, owner: term, ok: false, error: toErrorInfo(e) }),
      );
      // An older build must not write into a schema it does not know: refused before anything runs.
      if (order < 0) return void answer(Promise.reject(new StaleBuildError()));
      // A newer build: it takes over. Its request stays in its outbox and goes to the next owner.
      if (order > 0) return newerBuild();
      void answer(executor.execute({ id: request.id, tab: request.from.tab, method: request.method, args: request.args }));
    },
    async close() {
      await executor.drain();
      await sync.close();
      await database.close();
    },
  };
}
