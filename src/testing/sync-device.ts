// A device for Node tests of the sync mapping: this app's migrated SQLite and its copy of the space's
// Automerge document. Its changes go out through the outbox as in the app; "syncing" with another
// device is Automerge's own merge of the two documents (what the engine's protocol converges to).
import * as A from '@automerge/automerge/slim';
import './automerge.ts';
import type { Db } from '../db/domain/db.ts';
import { branchesOf, project, writeOutbox, emptySpace, PROPOSAL_COLUMNS, type SpaceDoc, type SyncedColumn, type Projected } from '../sync/mapping.ts';
import { markPumped, pendingOutbox, queueEverything } from '../sync/outbox.ts';
import { migratedDb, testDb, type TestDb } from './sqlite.ts';

// Migrated once, copied for each device: a device costs a copy, not a run of every migration.
let template: Uint8Array | undefined;
async function freshDb(): Promise<TestDb> {
  if (!template) {
    const t = await migratedDb();
    template = t.bytes();
    t.close();
  }
  const t = testDb(template);
  t.db.exec('PRAGMA foreign_keys = ON');
  return t;
}

export class Device {
  doc: A.Doc<SpaceDoc>;
  constructor(readonly t: TestDb, doc: A.Doc<SpaceDoc>, public columns: readonly SyncedColumn[] = PROPOSAL_COLUMNS) {
    this.doc = doc;
  }

  get db(): Db { return this.t.db; }

  /** A device with the space's document (a clone: the shared history Automerge needs to merge). */
  static async join(space: A.Doc<SpaceDoc> | null, { settings = false } = {}): Promise<Device> {
    const t = await freshDb();
    t.db.query(`INSERT INTO sync_state (key, value) VALUES ('space', 'test')`);
    const d = new Device(t, space ? A.clone(space) : A.from(emptySpace() as unknown as Record<string, unknown>) as unknown as A.Doc<SpaceDoc>);
    queueEverything(t.db, { settings: settings || !space });
    d.pump();
    return d;
  }

  /** Writes what changed here into the document (the outbox), as the engine's pump does. */
  pump(): void {
    const rows = pendingOutbox(this.db);
    if (!rows.length) return;
    this.doc = A.change(this.doc, (d) => writeOutbox(this.db, d, rows, this.columns));
    markPumped(this.db, rows);
  }

  /** Takes another device's document in, then writes it into the rows, as the engine's change handler does. */
  receive(other: Device): Projected {
    this.doc = A.merge(this.doc, A.clone(other.doc));
    return project(this.db, this.doc, 'all', branchesOf(this.doc), this.columns);
  }
}

/** Syncs every device with every other until nothing changes (each pumps what a merge produced). */
export function syncAll(devices: readonly Device[]): void {
  for (let round = 0; round < 4; round++) {
    for (const d of devices) d.pump();
    for (const a of devices) for (const b of devices) if (a !== b) a.receive(b);
  }
  for (const d of devices) d.pump();
  for (const a of devices) for (const b of devices) if (a !== b) a.receive(b);
}

/**
 * What a device holds, by uid, in the synced columns: equal on every device once they converged.
 * Deleted proposals are left out: one deleted before it reached a device is never made there. A
 * version named by a proposal is named by its uid; the outcome history is compared by its values
 * (the same change entered on two devices is kept once, under either uid).
 */
export function contents(db: Db, columns: readonly SyncedColumn[] = PROPOSAL_COLUMNS) {
  const cols = columns.map((c) => (c.kind === 'version' ? `(SELECT uid FROM proposal_versions WHERE id = p.${c.column}) AS ${c.column}` : `p.${c.column}`)).join(', ');
  return {
    proposals: db.query(`SELECT p.uid, ${cols} FROM proposals p WHERE p.deleted_at IS NULL ORDER BY p.uid`).map((r) => ({ ...r, merged_at: r.merged_at === null ? null : 'set' })),
    versions: db.query(`SELECT v.uid, p.uid AS proposal, v.generated_text, v.source, v.merged FROM proposal_versions v JOIN proposals p ON p.id = v.proposal_id WHERE p.deleted_at IS NULL ORDER BY v.uid`),
    outcomes: db.query(`SELECT p.uid AS proposal, o.outcome, o.changed_at FROM proposal_outcomes o JOIN proposals p ON p.id = o.proposal_id WHERE p.deleted_at IS NULL ORDER BY 1, 3, 2`),
    settings: db.query(`SELECT key, value FROM settings WHERE key <> 'api_key' ORDER BY key`),
  };
}
