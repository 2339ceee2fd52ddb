// The two-way mapping between this app's SQLite rows and the one Automerge document a sync space
// holds. Pure: a database (the app's two-method port) and an Automerge document, no network, no
// browser, so it runs in Node tests with several devices.
//
// Out: a row that changed here is written into the document field by field (texts as character
// edits, so that two devices' edits merge), only where it differs: fields this build does not know
// (written by a newer one) are never touched, so never erased.
// In: what the document holds is written into the rows, in one transaction, with the outbox
// triggers quiet. A field the document lacks (an older device made the entry) keeps its local value.
import * as A from '@automerge/automerge/slim';
import type { Db, SqlValue } from '../db/domain/db.ts';
import type { OutboxRow } from './outbox.ts';

/**
 * How one column travels: `text` merges by character; `value` is replaced whole (one winner);
 * `version` is the local id of one of the proposal's versions, which travels as that version's uid.
 */
export interface SyncedColumn {
  column: string;
  field: string;
  kind: 'text' | 'value' | 'version';
}

/**
 * The proposal columns that sync. A column added by a later migration is one line here; a build
 * whose table lacks a column listed here (not yet migrated) skips it.
 */
export const PROPOSAL_COLUMNS: readonly SyncedColumn[] = [
  { column: 'job_content', field: 'jobContent', kind: 'text' },
  { column: 'generated_text', field: 'generatedText', kind: 'text' },
  { column: 'job_url', field: 'jobUrl', kind: 'value' },
  { column: 'client_name', field: 'clientName', kind: 'value' },
  { column: 'status', field: 'status', kind: 'value' },
  { column: 'created_at', field: 'createdAt', kind: 'value' },
  { column: 'updated_at', field: 'updatedAt', kind: 'value' },
  { column: 'merged_at', field: 'mergedAt', kind: 'value' },
  // V5: the text's origin, a generation that did not finish, when it was sent and which version.
  { column: 'text_source', field: 'textSource', kind: 'value' },
  { column: 'text_model', field: 'textModel', kind: 'value' },
  { column: 'text_written_at', field: 'textWrittenAt', kind: 'value' },
  { column: 'generation_unfinished', field: 'generationUnfinished', kind: 'value' },
  { column: 'sent_at', field: 'sentAt', kind: 'value' },
  { column: 'sent_version_id', field: 'sentVersion', kind: 'version' },
  // V7: the outcome and the deal (its dated history: OUTCOME_COLUMNS). The document's outcome is
  // the proposal's, on every device alike; the history is every change any device made.
  { column: 'outcome', field: 'outcome', kind: 'value' },
  { column: 'outcome_changed_at', field: 'outcomeChangedAt', kind: 'value' },
  { column: 'bid_amount', field: 'bidAmount', kind: 'value' },
  { column: 'bid_type', field: 'bidType', kind: 'value' },
  { column: 'bid_currency', field: 'bidCurrency', kind: 'value' },
  { column: 'connects_spent', field: 'connectsSpent', kind: 'value' },
  { column: 'contract_value', field: 'contractValue', kind: 'value' },
  { column: 'generated_provider', field: 'generatedProvider', kind: 'value' },
  { column: 'generated_model', field: 'generatedModel', kind: 'value' },
  { column: 'generated_template', field: 'generatedTemplate', kind: 'value' },
];

/** The columns of an earlier version of a proposal text (versions never change once written). */
export const VERSION_COLUMNS: readonly SyncedColumn[] = [
  { column: 'generated_text', field: 'generatedText', kind: 'value' },
  { column: 'source', field: 'source', kind: 'value' },
  { column: 'model', field: 'model', kind: 'value' },
  { column: 'created_at', field: 'createdAt', kind: 'value' },
  { column: 'merged', field: 'merged', kind: 'value' },
  { column: 'written_at', field: 'writtenAt', kind: 'value' }, // V5
];

/** The columns of one dated change of a proposal's outcome (V7's proposal_outcomes; uid V9). */
export const OUTCOME_COLUMNS: readonly SyncedColumn[] = [
  { column: 'outcome', field: 'outcome', kind: 'value' },
  { column: 'changed_at', field: 'changedAt', kind: 'value' },
];

/**
 * A proposal's rows in other tables, each with its uid: written once, never changed, so they
 * travel as a map by uid and merge as the union. `sameAs`: a row of the proposal with these values
 * is the same one (the same outcome at the same time, entered on two devices), not written twice.
 */
export interface SyncedChildren { table: string; field: 'versions' | 'outcomes'; columns: readonly SyncedColumn[]; sameAs?: readonly string[] }

export const PROPOSAL_CHILDREN: readonly SyncedChildren[] = [
  { table: 'proposal_versions', field: 'versions', columns: VERSION_COLUMNS },
  { table: 'proposal_outcomes', field: 'outcomes', columns: OUTCOME_COLUMNS, sameAs: ['outcome', 'changed_at'] },
];

/**
 * The settings that belong to the person (by their key in the `settings` table). Never the API
 * key, nor what belongs to the device (the base URL may be a model on this machine).
 */
export const SYNCED_SETTINGS: readonly string[] = [
  'theme', 'api_provider', 'api_model', 'profile_name', 'profile_skills', 'profile_experience', 'profile_tone', 'prompt_template',
];

/** The document's own format version: fields are only ever added (a reader ignores what it does not know). */
export const DOC_FORMAT = 1;

export type DocValue = string | number | null;
export interface VersionEntry { [field: string]: DocValue }
export interface OutcomeEntry { [field: string]: DocValue }
export interface ProposalEntry {
  [field: string]: unknown;
  /** Grows with every edit, so that a deletion made concurrently with an edit is seen as such. */
  edits: A.Counter;
  deletedAt?: string;
  /** `edits` when it was deleted: an edit after or beside the deletion undoes it. */
  deletedAtEdits?: number;
  versions: { [uid: string]: VersionEntry };
  /** Absent in documents written by builds from before V9. */
  outcomes?: { [uid: string]: OutcomeEntry };
}
export interface SpaceDoc {
  format: number;
  proposals: { [uid: string]: ProposalEntry };
  settings: { [key: string]: string };
}

export const emptySpace = (): SpaceDoc => ({ format: DOC_FORMAT, proposals: {}, settings: {} });

/**
 * Deleted on one device and edited on another: the proposal stays, with the edit. Every device
 * decides it from the merged document alone, so all decide alike.
 */
export const isDeleted = (e: ProposalEntry): boolean =>
  e.deletedAt !== undefined && e.deletedAt !== null && Number(e.edits ?? 0) <= Number(e.deletedAtEdits ?? 0);

const columnsOf = (db: Db, table: string) => new Set(db.query(`SELECT name FROM pragma_table_info(?)`, [table]).map((r) => String(r.name)));
const present = (db: Db, table: string, columns: readonly SyncedColumn[]) => {
  const have = columnsOf(db, table);
  return columns.filter((c) => have.has(c.column));
};
/** The child tables this database has with their uid (a build from before V9 has no outcome uids). */
const childrenHere = (db: Db) => PROPOSAL_CHILDREN.filter((c) => columnsOf(db, c.table).has('uid'))
  .map((c) => ({ ...c, columns: present(db, c.table, c.columns) }));
const versionUid = (db: Db, id: SqlValue | undefined): DocValue =>
  id === null || id === undefined ? null : (db.query('SELECT uid FROM proposal_versions WHERE id = ?', [id])[0]?.uid as string | undefined) ?? null;
const asDocValue = (v: SqlValue | undefined): DocValue => (v === undefined || v === null ? null : typeof v === 'bigint' ? Number(v) : v instanceof Uint8Array ? null : v);
const docText = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));

// ——— Out: rows into the document ———

/** Writes one proposal (by local id) and its versions into the document, where they differ. */
export function writeProposal(db: Db, d: SpaceDoc, id: number, columns = PROPOSAL_COLUMNS): void {
  const [row] = db.query('SELECT * FROM proposals WHERE id = ?', [id]);
  if (!row) return; // purged since: its deletion is in the document already
  const uid = String(row.uid);
  if (!d.proposals[uid]) d.proposals[uid] = { edits: new A.Counter(0), versions: {} };
  const e = d.proposals[uid];
  let edited = false;
  for (const c of present(db, 'proposals', columns)) {
    const value = c.kind === 'version' ? versionUid(db, row[c.column]) : asDocValue(row[c.column]);
    const before = e[c.field];
    if (before !== undefined && docText(before) === (value === null ? null : String(value))) continue;
    if (c.kind === 'text' && typeof value === 'string' && typeof before === 'string') A.updateText(d as A.Doc<unknown>, ['proposals', uid, c.field], value);
    else e[c.field] = value;
    if (c.column !== 'updated_at') edited = true;
  }
  if (edited && !d.proposals[uid].edits) e.edits = new A.Counter(0);
  if (edited) e.edits.increment(1);
  const deletedHere = row.deleted_at !== null && row.deleted_at !== undefined;
  if (deletedHere && !isDeleted(e)) {
    e.deletedAt = String(row.deleted_at);
    e.deletedAtEdits = Number(e.edits ?? 0);
  } else if (!deletedHere && isDeleted(e)) {
    delete e.deletedAt;
    delete e.deletedAtEdits;
  }
  for (const child of childrenHere(db)) {
    if (!e[child.field]) e[child.field] = {};
    const entries = e[child.field]!; // read back: Automerge's proxy, not the object assigned
    for (const r of db.query(`SELECT * FROM ${child.table} WHERE proposal_id = ?`, [id])) {
      const cuid = String(r.uid);
      if (entries[cuid]) continue;
      entries[cuid] = Object.fromEntries(child.columns.map((c) => [c.field, asDocValue(r[c.column])]));
    }
  }
}

/** Writes one setting (by key) into the document; those that do not sync are left out. */
export function writeSetting(db: Db, d: SpaceDoc, key: string): void {
  if (!SYNCED_SETTINGS.includes(key)) return;
  const [row] = db.query('SELECT value FROM settings WHERE key = ?', [key]);
  if (row && d.settings[key] !== String(row.value)) d.settings[key] = String(row.value);
}

/** Writes what the outbox names into the document (inside the caller's change). */
export function writeOutbox(db: Db, d: SpaceDoc, rows: readonly OutboxRow[], columns = PROPOSAL_COLUMNS): void {
  if (d.format === undefined) d.format = DOC_FORMAT;
  for (const r of rows) {
    if (r.kind === 'proposal') writeProposal(db, d, Number(r.ref), columns);
    else writeSetting(db, d, r.ref);
  }
}

// ——— In: the document into rows ———

export interface Projected {
  /** Local ids of the proposals written. */
  proposals: number[];
  settings: boolean;
  /** Proposals whose texts from two devices were merged (both kept as versions here). */
  merged: number[];
  /** Entries this database refused (a value a newer build allows and this one's checks do not): left as they are here. */
  refused: { uid: string; message: string }[];
}

/** A proposal text as each branch of the document had it, when two devices wrote it apart. */
export interface Branches { views: SpaceDoc[]; heads: string[] }

/**
 * Writes the document's proposals (those named, or all) and settings into the rows, in one
 * transaction, with the outbox triggers quiet. `branches`: the document as each device had it
 * before the merge (its heads), to keep both texts of a proposal edited on two devices.
 */
export function project(db: Db, doc: SpaceDoc, uids: Iterable<string> | 'all', branches?: Branches, columns = PROPOSAL_COLUMNS): Projected {
  const out: Projected = { proposals: [], settings: false, merged: [], refused: [] };
  const pcols = present(db, 'proposals', columns);
  const children = childrenHere(db);
  db.exec('SAVEPOINT sync_project');
  try {
    db.query(`INSERT OR REPLACE INTO sync_state (key, value) VALUES ('applying', '1')`);
    const list = uids === 'all' ? Object.keys(doc.proposals ?? {}) : [...uids];
    for (const uid of list) {
      const e = doc.proposals?.[uid];
      if (!e) continue;
      const id = projectOne(db, uid, () => projectProposal(db, uid, e, pcols, children), out);
      if (id === null) continue;
      out.proposals.push(id);
      if (branches && keepMergedTexts(db, id, uid, doc, branches)) out.merged.push(id);
    }
    for (const key of SYNCED_SETTINGS) {
      const value = doc.settings?.[key];
      if (value === undefined) continue;
      const changed = db.query(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, datetime('now'))
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at WHERE value IS NOT excluded.value RETURNING key`,
        [key, String(value)],
      );
      if (changed.length) out.settings = true;
    }
    db.query(`DELETE FROM sync_state WHERE key = 'applying'`);
    // Texts kept from a merge go out like a local change: a device joining later gets them too.
    for (const id of out.merged) db.query(`INSERT INTO sync_outbox (kind, ref) VALUES ('proposal', ?) ON CONFLICT DO UPDATE SET pumped = 0`, [id]);
    db.exec('RELEASE sync_project');
  } catch (e) {
    db.exec('ROLLBACK TO sync_project; RELEASE sync_project');
    throw e;
  }
  return out;
}

/** One entry in its own savepoint: one this database refuses leaves the others written. */
function projectOne(db: Db, uid: string, write: () => number | null, out: Projected): number | null {
  db.exec('SAVEPOINT sync_entry');
  try {
    const id = write();
    db.exec('RELEASE sync_entry');
    return id;
  } catch (e) {
    db.exec('ROLLBACK TO sync_entry; RELEASE sync_entry');
    out.refused.push({ uid, message: e instanceof Error ? e.message : String(e) });
    return null;
  }
}

type ChildrenHere = ReturnType<typeof childrenHere>;

/** Returns the local id written, or null when there is nothing to write (deleted, not here). */
function projectProposal(db: Db, uid: string, e: ProposalEntry, pcols: readonly SyncedColumn[], children: ChildrenHere): number | null {
  const [row] = db.query('SELECT * FROM proposals WHERE uid = ?', [uid]);
  const deleted = isDeleted(e);
  if (!row && deleted) return null; // deleted before it reached this device, or purged here
  const known = pcols.filter((c) => e[c.field] !== undefined);
  const plain = known.filter((c) => c.kind !== 'version');
  const refs = known.filter((c) => c.kind === 'version');
  const value = (c: SyncedColumn) => {
    const v = e[c.field] as DocValue;
    return c.kind === 'text' ? String(v ?? '') : v;
  };
  const deletedAt = deleted ? String(e.deletedAt) : null;
  /** Writes the columns that differ from the document's values; says whether it wrote. */
  const update = (id: number, now: Record<string, SqlValue>, cols: readonly SyncedColumn[], values: (c: SyncedColumn) => DocValue) => {
    const differs = cols.filter((c) => (now[c.column] ?? null) !== values(c));
    if (!differs.length && (now.deleted_at ?? null) === deletedAt) return false;
    db.query(
      `UPDATE proposals SET ${[...differs.map((c) => `${c.column} = ?`), 'deleted_at = ?'].join(', ')} WHERE id = ?`,
      [...differs.map(values), deletedAt, id],
    );
    return true;
  };
  // A version's uid, as the local id of that version of this proposal (none: not here yet).
  const localVersion = (id: number) => (c: SyncedColumn) => {
    const vuid = e[c.field];
    if (vuid === null || vuid === undefined) return null;
    return (db.query('SELECT id FROM proposal_versions WHERE uid = ? AND proposal_id = ?', [String(vuid), id])[0]?.id as number | undefined) ?? null;
  };
  let id: number;
  if (!row) {
    const cols = [...plain.map((c) => c.column), 'uid', 'deleted_at'];
    const [made] = db.query(
      `INSERT INTO proposals (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) RETURNING id`,
      [...plain.map(value), uid, deletedAt],
    );
    id = Number(made.id);
  } else {
    id = Number(row.id);
    const wrote = update(id, row, plain, value);
    if (!wrote && !hasNewChildren(db, id, e, children) && refs.every((c) => (row[c.column] ?? null) === localVersion(id)(c))) return null;
  }
  for (const child of children) {
    for (const [cuid, entry] of Object.entries(e[child.field] ?? {})) {
      if (isHere(db, id, child, cuid, entry)) continue;
      const cols = child.columns.filter((c) => entry[c.field] !== undefined);
      db.query(
        `INSERT INTO ${child.table} (proposal_id, uid, ${cols.map((c) => c.column).join(', ')}) VALUES (?, ?, ${cols.map(() => '?').join(', ')})`,
        [id, cuid, ...cols.map((c) => entry[c.field] as SqlValue)],
      );
    }
  }
  // The history's own triggers may have moved the outcome to its newest dated change: the
  // document's value stands, the same on every device whatever their clocks say.
  const [now] = db.query('SELECT * FROM proposals WHERE id = ?', [id]);
  update(id, now, plain, value);
  update(id, now, refs, localVersion(id));
  return id;
}

/** Whether a child row (by uid, or one with the same values) is here already. */
function isHere(db: Db, id: number, child: ChildrenHere[number], cuid: string, entry: { [field: string]: DocValue }): boolean {
  if (db.query(`SELECT 1 FROM ${child.table} WHERE uid = ?`, [cuid]).length) return true;
  const same = child.sameAs?.map((column) => child.columns.find((c) => c.column === column)!);
  return !!same && db.query(
    `SELECT 1 FROM ${child.table} WHERE proposal_id = ? AND ${same.map((c) => `${c.column} IS ?`).join(' AND ')}`,
    [id, ...same.map((c) => entry[c.field] ?? null)],
  ).length > 0;
}

const hasNewChildren = (db: Db, id: number, e: ProposalEntry, children: ChildrenHere) =>
  children.some((child) => Object.entries(e[child.field] ?? {}).some(([cuid, entry]) => !isHere(db, id, child, cuid, entry)));

/**
 * A proposal text written on two devices while apart: the merged text is the proposal's, and each
 * device's text as it was before the merge is kept as a version, marked as merged. Its id comes
 * from the branch's head, so two devices keeping the same text make one version, not two.
 */
function keepMergedTexts(db: Db, id: number, uid: string, doc: SpaceDoc, { views, heads }: Branches): boolean {
  const merged = docText(doc.proposals[uid]?.generatedText);
  const before = views.map((v, i) => ({ text: docText(v.proposals?.[uid]?.generatedText), head: heads[i] }))
    .filter((b) => b.text !== null && b.text !== merged);
  if (before.length < 2) return false; // one device changed it: nothing merged
  for (const { text, head } of before) {
    if (!text?.trim()) continue;
    db.query(
      `INSERT INTO proposal_versions (proposal_id, uid, generated_text, source, merged) VALUES (?, ?, ?, 'edited', 1) ON CONFLICT (uid) DO NOTHING`,
      [id, `merge-${uid}-${head}`, text],
    );
  }
  db.query(`UPDATE proposals SET merged_at = datetime('now') WHERE id = ?`, [id]);
  return true;
}

/** The branches of a document with more than one head (changes made apart, merged), or none. */
export function branchesOf(doc: A.Doc<SpaceDoc>): Branches | undefined {
  const heads = A.getHeads(doc);
  if (heads.length < 2) return undefined;
  return { heads, views: heads.map((h) => A.view(doc, [h]) as SpaceDoc) };
}

/** Which proposals (by uid, or all of them) and whether the settings a set of patches touched. */
export function touched(patches: readonly A.Patch[]): { uids: Set<string> | 'all'; settings: boolean } {
  const uids = new Set<string>();
  let settings = false;
  for (const p of patches) {
    if (p.path[0] === 'proposals' && typeof p.path[1] === 'string') uids.add(p.path[1]);
    else if (p.path[0] === 'proposals' || p.path.length === 0) return { uids: 'all', settings: true };
    else if (p.path[0] === 'settings') settings = true;
  }
  return { uids, settings };
}

