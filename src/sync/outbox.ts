// The sync outbox (V8's sync_outbox): what changed on this device and is not yet on the server.
// Triggers fill it in the same transaction as each change; plain SQL here, so the app's start-up
// bundle needs none of the engine to put a device in a space.
import type { Db } from '../db/domain/db.ts';

export interface OutboxRow { kind: 'proposal' | 'setting'; ref: string }
export const pendingOutbox = (db: Db): OutboxRow[] =>
  db.query(`SELECT kind, ref FROM sync_outbox WHERE pumped = 0 ORDER BY kind, ref`).map((r) => ({ kind: r.kind as OutboxRow['kind'], ref: String(r.ref) }));

/** Marks the rows written; they stay counted as waiting until the server has the document. */
export function markPumped(db: Db, rows: readonly OutboxRow[]): void {
  for (const r of rows) db.query('UPDATE sync_outbox SET pumped = 1 WHERE kind = ? AND ref = ?', [r.kind, r.ref]);
}

/**
 * At the engine's start, what was written into the document but not confirmed by the server is
 * written again: the engine's storage saves trail its changes (~100 ms), so a kill in between
 * leaves rows marked written whose change is in no document. Writing again only writes what
 * differs, so a change that did reach the document is not doubled.
 */
export function unmarkPumped(db: Db): void {
  db.query('UPDATE sync_outbox SET pumped = 0 WHERE pumped = 1');
}

/**
 * What this device has, for its first sync: the proposals always (they join the space's); the
 * settings only for the device that creates the space (one that joins takes the space's).
 */
export function queueEverything(db: Db, { settings }: { settings: boolean }): void {
  db.query(`INSERT INTO sync_outbox (kind, ref) SELECT 'proposal', id FROM proposals WHERE true ON CONFLICT DO UPDATE SET pumped = 0`);
  if (settings) db.query(`INSERT INTO sync_outbox (kind, ref) SELECT 'setting', key FROM settings WHERE key <> 'api_key' ON CONFLICT DO UPDATE SET pumped = 0`);
}

