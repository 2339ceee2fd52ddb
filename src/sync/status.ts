// What sync is doing, as every tab shows it: off, synced, changes waiting, offline, or a problem
// in words. Plain data: it crosses from the owner's worker to every tab.

/** Why sync cannot go on until the person does something. */
export type SyncProblem =
  /** The token was refused (a wrong pairing code, or the space's token was changed): pair again. */
  | 'refused'
  /** The server has no such space (a wrong pairing code, or its data was removed). */
  | 'no-space'
  /** The space reached the server's size limit. */
  | 'full'
  /**
   * The space's token is sealed with a key this browser does not have (the database was restored
   * from another browser's file, or this browser's keys were cleared): pair again.
   */
  | 'unpaired';

export type SyncStatus =
  | { state: 'off' }
  | { state: 'synced'; server: string }
  /** Changes made here that the server does not have yet. */
  | { state: 'waiting'; server: string; waiting: number }
  /** The server cannot be reached; `waiting` changes go when it can. */
  | { state: 'offline'; server: string; waiting: number }
  | { state: 'error'; server: string; waiting: number; problem: SyncProblem };

/** Where a space is and how to get in: what a pairing code carries, and what this device keeps. */
export interface SpaceConfig {
  /** The server's http(s) address (its WebSocket is the same address, ws(s)://). */
  server: string;
  space: string;
  /** The space's token: as this device keeps it, sealed (secret-box.ts); opened only to connect. */
  token: string;
  /** The space's document (an Automerge URL): none yet right after the space was created here. */
  doc?: string;
}
