// What sync is doing, in words: the same for the bar at the top and the Sync section.
import type { SyncProblem, SyncStatus } from '../db/api.ts';

const PROBLEM: Record<SyncProblem, string> = {
  refused: 'the server refused this device (its pairing code was replaced, or is wrong): enter the new pairing code from a device that syncs',
  'no-space': 'the server has no such sync space any more: leave sync and make a new space, or join another',
  full: 'the sync space is full: the server refuses more data',
  unpaired: 'this device cannot read its pairing here (the database came from another browser, or this browser\'s keys were cleared): enter a pairing code from a device that syncs',
};

const changes = (n: number) => `${n} change${n === 1 ? '' : 's'}`;

/** One line: what sync is doing now, and what the person can do about a problem. */
export function syncWords(s: SyncStatus): string {
  switch (s.state) {
    case 'off': return 'Sync is off: everything stays on this device.';
    case 'synced': return 'Synced: this device has everything, and the server has all of its changes.';
    case 'waiting': return `Syncing: ${changes(s.waiting)} waiting to reach the server.`;
    case 'offline': return `Offline: the sync server cannot be reached. ${s.waiting ? `${changes(s.waiting)} waiting; they go` : 'Changes go'} once it can.`;
    case 'error': return `Sync stopped: ${PROBLEM[s.problem]}.${s.waiting ? ` ${changes(s.waiting)} waiting.` : ''}`;
  }
}

/** A short label for the top bar. */
export function syncBadge(s: SyncStatus): string | null {
  switch (s.state) {
    case 'off': return null;
    case 'synced': return 'Synced';
    case 'waiting': return `Syncing (${s.waiting})`;
    case 'offline': return s.waiting ? `Offline (${s.waiting} waiting)` : 'Offline';
    case 'error': return 'Sync error';
  }
}
