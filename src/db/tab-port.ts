// What the page and its tab's database worker say to each other (through Comlink): the page gives
// each owner operation its id and sends it whole; the worker answers it, whichever tab owns the
// database. The UI needs nothing else of the worker.
import type { DataChange, OwnerOperation, StartupState } from './api.ts';

export interface TabPort {
  /** Runs one DatabaseApi operation; `id` is unique per operation and kept if it must be sent again. */
  call(id: string, method: OwnerOperation, args: unknown[]): Promise<unknown>;
  startup(onChange?: (state: StartupState) => void): Promise<StartupState>;
  watch(onChange: (change: DataChange) => void): Promise<void>;
  useMemoryDatabase(): Promise<void>;
  /** For tests and the benchmark only: what this tab's worker is now. */
  role(): Promise<Role>;
}

export type Role = 'candidate' | 'owner' | 'memory' | 'stale';

/** What the page talks to: the TabPort, once `init` has named this tab. */
export type WorkerPort = TabPort & { init(tab: string): void };

/** Ends the database worker's name when its tab is coming back (a reload): it likely owned the database before. */
export const RETURNING_TAB = ':returning';
