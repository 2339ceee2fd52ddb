// The wire protocol between the tabs' database workers, over BroadcastChannel (every browser has it;
// SharedWorker is missing on Chrome for Android). One owner holds the database; every other worker
// sends it whole operations, one message each, and hears its state and every committed change.
//
//   announce channel: hello (a worker starts), owner (the owner's state, on change and on hello),
//                     changed (after each committed write)
//   requests channel: request (to the owner only; others never listen)
//   tab:<id> channel: response (to the tab that asked)
import type { DataChange, ErrorInfo, StartupState } from '../api.ts';

/** Bumped when these messages change shape: builds that differ here cannot talk. */
export const PROTOCOL = 1;

const PREFIX = 'upwork-researcher-db';
export const CHANNELS = {
  announce: `${PREFIX}:announce`,
  requests: `${PREFIX}:requests`,
  tab: (tab: string) => `${PREFIX}:tab:${tab}`,
};

/** Who a message comes from: the tab, and the build it runs (its newest migration, and this protocol). */
export interface Peer {
  tab: string;
  schema: number;
  protocol: number;
}

/** > 0 when `a` is a newer build than `b`, < 0 when older, 0 when they can work together. */
export const compareBuilds = (a: Peer, b: Peer) => a.schema - b.schema || a.protocol - b.protocol;

export interface Request {
  type: 'request';
  /** Unique per operation and kept across resends: a write with an id already applied is not applied again. */
  id: string;
  from: Peer;
  method: string;
  args: unknown[];
}

export type Response =
  | { type: 'response'; id: string; owner: string; ok: true; value: unknown }
  | { type: 'response'; id: string; owner: string; ok: false; error: ErrorInfo };

export type Announce =
  | { type: 'hello'; from: Peer }
  /** `owner` names the term: it changes each time a worker becomes the owner. */
  | { type: 'owner'; from: Peer; owner: string; state: StartupState }
  | { type: 'changed'; owner: string; change: DataChange };

/** What a channel needs to be: BroadcastChannel in browsers and in Node (the tests). */
export interface Channel {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}
export type OpenChannel = (name: string) => Channel;

/** Refused before anything runs: a newer build holds the database, and this tab's build must not write into it. */
export class StaleBuildError extends Error {
  readonly kind = 'stale-build';
  constructor() {
    super('A newer version of Upwork Researcher is open in another tab: reload this tab to use it.');
    this.name = 'StaleBuildError';
  }
}
