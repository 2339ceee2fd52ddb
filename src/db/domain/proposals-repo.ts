// Proposals, their earlier versions and their search: plain SQL over the engine's interface,
// so the same code runs in the worker and in Node tests.
import type { Db, Row } from './db.ts';
import {
  asSource, asStatus, MARK_END, MARK_START, proposalTitle, type ProposalStatus,
  type Proposal, type ProposalBase, type ProposalInput, type ProposalSummary, type ProposalVersion, type SavedProposal, type SearchHit, type TrashedProposal,
} from './proposal.ts';
import { PAGE_SIZE, SEARCH_LIMIT } from './limits.ts';
import { buildFtsQuery } from './search-query.ts';
import { asOutcome, toDeal } from './outcomes.ts';
import { filterWhere, sortDate, type ProposalFilter } from './proposal-filter.ts';
import { jobUrlProblem, normalizeJobUrl } from './urls.ts';

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

const toProposal = (r: Row): Proposal => ({
  id: Number(r.id),
  jobContent: String(r.job_content),
  generatedText: String(r.generated_text),
  jobUrl: str(r.job_url),
  clientName: str(r.client_name),
  status: asStatus(r.status),
  createdAt: String(r.created_at),
  updatedAt: str(r.updated_at),
  versionCount: Number(r.version_count ?? 0),
  textSource: r.text_source === null || r.text_source === undefined ? null : asSource(r.text_source),
  textModel: str(r.text_model),
  textWrittenAt: str(r.text_written_at),
  generationUnfinished: Number(r.generation_unfinished ?? 0) === 1,
  sentAt: str(r.sent_at),
  sentVersionId: r.sent_version_id === null || r.sent_version_id === undefined ? null : Number(r.sent_version_id),
  outcome: asOutcome(r.outcome),
  outcomeChangedAt: str(r.outcome_changed_at),
  deal: toDeal(r),
});

const SELECT_PROPOSAL = `SELECT p.id, p.job_content, p.generated_text, p.job_url, p.client_name, p.status, p.created_at, p.updated_at,
  p.text_source, p.text_model, p.text_written_at, p.generation_unfinished, p.sent_at, p.sent_version_id,
  p.outcome, p.outcome_changed_at, p.bid_amount, p.bid_type, p.bid_currency, p.connects_spent, p.contract_value,
  (SELECT count(*) FROM proposal_versions v WHERE v.proposal_id = p.id) AS version_count
  FROM proposals p`;

export function countProposals(db: Db, filter?: ProposalFilter): number {
  const where = filterWhere(filter);
  return Number(db.query(`SELECT count(*) AS n FROM proposals p WHERE ${where.sql}`, where.params)[0].n);
}

/** One page of the history (newest first, by creation or last outcome change). Titles are cut in SQL: rows can be long. */
export function listProposals(db: Db, offset = 0, limit = PAGE_SIZE, filter?: ProposalFilter): ProposalSummary[] {
  const where = filterWhere(filter);
  return db.query(
    `SELECT p.id, p.status, p.created_at, p.updated_at, p.client_name, p.outcome, p.outcome_changed_at,
       substr(p.job_content, 1, 300) AS job_head
     FROM proposals p WHERE ${where.sql}
     ORDER BY ${sortDate(filter?.sort)} DESC, p.id DESC LIMIT ? OFFSET ?`,
    [...where.params, limit, offset],
  ).map((r) => ({
    id: Number(r.id),
    status: asStatus(r.status),
    createdAt: String(r.created_at),
    updatedAt: str(r.updated_at),
    clientName: str(r.client_name),
    outcome: asOutcome(r.outcome),
    outcomeChangedAt: str(r.outcome_changed_at),
    title: proposalTitle(String(r.job_head)),
  }));
}

/** The proposal written to last (its text, link, client or status), for reopening it after a restart. */
export function lastEdited(db: Db): { id: number; editedAt: string } | null {
  const [row] = db.query(
    `SELECT id, coalesce(updated_at, created_at) AS at FROM proposals WHERE deleted_at IS NULL
     ORDER BY coalesce(updated_at, created_at) DESC, id DESC LIMIT 1`,
  );
  return row ? { id: Number(row.id), editedAt: String(row.at) } : null;
}

export function getProposal(db: Db, id: number): Proposal | null {
  const [row] = db.query(`${SELECT_PROPOSAL} WHERE p.id = ? AND p.deleted_at IS NULL`, [id]);
  return row ? toProposal(row) : null;
}

function mustGet(db: Db, id: number): Proposal {
  const p = getProposal(db, id);
  if (!p) throw new Error(`Proposal ${id} does not exist (it may have been deleted).`);
  return p;
}

function checkUrl(url: string | null | undefined): string | null {
  const problem = jobUrlProblem(url);
  if (problem) throw new Error(problem);
  return normalizeJobUrl(url) || null;
}

export function createProposal(db: Db, input: ProposalInput = {}): Proposal {
  const [row] = db.query(
    `INSERT INTO proposals (job_content, generated_text, job_url, client_name, status, text_source, text_written_at)
     VALUES (?, ?, ?, ?, 'draft', CASE WHEN ?2 <> '' THEN 'edited' END, CASE WHEN ?2 <> '' THEN datetime('now') END) RETURNING id`,
    [input.jobContent ?? '', input.generatedText ?? '', checkUrl(input.jobUrl), input.clientName?.trim() || null],
  );
  const id = Number(row.id);
  if (input.status === 'sent') setStatus(db, id, 'sent');
  return mustGet(db, id);
}

/**
 * Changes only the given fields; `updated_at` moves only when something really changed. With
 * `base` (the text the caller last had), a proposal text changed meanwhile by someone else is
 * kept as a version before it is replaced, and the result says so.
 */
export function updateProposal(db: Db, id: number, patch: ProposalInput, base?: ProposalBase): SavedProposal {
  const current = mustGet(db, id);
  const replacesOther = base?.generatedText !== undefined && patch.generatedText !== undefined
    && current.generatedText !== base.generatedText && current.generatedText !== patch.generatedText;
  if (replacesOther) keepVersion(db, id, 'edited');
  const next = {
    job_content: patch.jobContent ?? current.jobContent,
    generated_text: patch.generatedText ?? current.generatedText,
    job_url: patch.jobUrl !== undefined ? checkUrl(patch.jobUrl) : current.jobUrl,
    client_name: patch.clientName !== undefined ? patch.clientName?.trim() || null : current.clientName,
  };
  db.query(
    `UPDATE proposals SET job_content = ?, generated_text = ?, job_url = ?, client_name = ?, updated_at = datetime('now')
     WHERE id = ? AND (job_content, generated_text, coalesce(job_url, ''), coalesce(client_name, ''))
       IS NOT (?, ?, coalesce(?, ''), coalesce(?, ''))`,
    [next.job_content, next.generated_text, next.job_url, next.client_name, id,
      next.job_content, next.generated_text, next.job_url, next.client_name],
  );
  if (next.generated_text !== current.generatedText && !patch.streaming) {
    // Typed by hand: the text is the user's now, and a generation cut off earlier is dealt with.
    db.query(`UPDATE proposals SET text_source = 'edited', text_model = NULL, text_written_at = datetime('now'), generation_unfinished = 0 WHERE id = ?`, [id]);
  }
  if (patch.status && patch.status !== current.status) setStatus(db, id, patch.status);
  const saved = mustGet(db, id);
  return replacesOther ? { ...saved, keptOtherText: true } : saved;
}

/** How long a deleted proposal stays in the trash, restorable, before it is purged for good. */
export const TRASH_DAYS = 30;

/** Soft delete: the proposal goes to the trash, restorable for TRASH_DAYS days. */
export function deleteProposal(db: Db, id: number): void {
  mustGet(db, id);
  db.query(`UPDATE proposals SET deleted_at = datetime('now') WHERE id = ?`, [id]);
}

export function restoreProposal(db: Db, id: number): Proposal {
  db.query('UPDATE proposals SET deleted_at = NULL WHERE id = ?', [id]);
  return mustGet(db, id);
}

/** What the trash holds, last deleted first. */
export function listTrash(db: Db): TrashedProposal[] {
  return db.query(
    `SELECT id, status, client_name, deleted_at, substr(job_content, 1, 300) AS job_head
     FROM proposals WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC`,
  ).map((r) => ({
    id: Number(r.id), status: asStatus(r.status), clientName: str(r.client_name), deletedAt: String(r.deleted_at), title: proposalTitle(String(r.job_head)),
  }));
}

/** Empties the trash: its proposals (and their versions) are deleted for good. Returns their ids. */
export function emptyTrash(db: Db): number[] {
  return db.query('DELETE FROM proposals WHERE deleted_at IS NOT NULL RETURNING id').map((r) => Number(r.id));
}

/**
 * Deletes for good what has been in the trash for more than `days`. Never sooner: the trash
 * promises them back for that long, and the tab holding the database can change at any time.
 */
export function purgeDeleted(db: Db, days = TRASH_DAYS): number {
  const rows = db.query(`DELETE FROM proposals WHERE deleted_at IS NOT NULL AND deleted_at <= datetime('now', ?) RETURNING id`, [`-${days} days`]);
  return rows.length;
}

/**
 * Sent: the text as sent is kept as a version (marked as the sent one) with the date, so a later
 * edit or regeneration never loses it. Back to draft: no longer sent.
 */
function setStatus(db: Db, id: number, status: ProposalStatus): void {
  if (status !== 'sent' && status !== 'draft') throw new Error(`"${String(status)}" is not a status: a proposal is "draft" or "sent".`);
  if (status === 'sent') {
    const versionId = keepVersion(db, id);
    db.query(`UPDATE proposals SET status = 'sent', sent_at = datetime('now'), sent_version_id = ?, updated_at = datetime('now') WHERE id = ?`, [versionId, id]);
  } else {
    db.query(`UPDATE proposals SET status = 'draft', sent_at = NULL, sent_version_id = NULL, updated_at = datetime('now') WHERE id = ?`, [id]);
  }
}

/**
 * Keeps the current text as an earlier version (before a regeneration replaces it), with where it
 * came from and when it was written, as recorded on the proposal. `source` and `model` are the
 * caller's guess, used only for a text from before that was recorded. Returns the version's id
 * (the last one, if it holds this text already; null for an empty text).
 */
export function keepVersion(db: Db, id: number, source: ProposalVersion['source'] = 'edited', model: string | null = null): number | null {
  const p = mustGet(db, id);
  if (!p.generatedText.trim()) return null;
  const [last] = db.query('SELECT id, generated_text FROM proposal_versions WHERE proposal_id = ? ORDER BY id DESC LIMIT 1', [id]);
  if (last?.generated_text === p.generatedText) return Number(last.id); // already kept
  const origin = p.textSource ?? source;
  const [row] = db.query(
    'INSERT INTO proposal_versions (proposal_id, generated_text, source, model, written_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
    [id, p.generatedText, origin, origin === 'generated' ? (p.textSource ? p.textModel : model) : null, p.textWrittenAt],
  );
  return Number(row.id);
}

/**
 * A generation starts: the text so far is kept as a version, and what streams in from now on is
 * the model's, unfinished until `finishGeneration` (a page closed meanwhile leaves it marked).
 */
export function beginGeneration(db: Db, id: number, model: string): Proposal {
  keepVersion(db, id);
  db.query(`UPDATE proposals SET text_source = 'generated', text_model = ?, text_written_at = NULL, generation_unfinished = 1 WHERE id = ?`, [model, id]);
  return mustGet(db, id);
}

/** The generation ended: `complete` (or cancelled on purpose), or cut off by an error and marked so. */
export function finishGeneration(db: Db, id: number, complete: boolean): Proposal {
  db.query(
    `UPDATE proposals SET generation_unfinished = (?1 AND generated_text <> ''), text_written_at = datetime('now') WHERE id = ?2 AND text_source = 'generated'`,
    [complete ? 0 : 1, id],
  );
  return mustGet(db, id);
}

export function listVersions(db: Db, id: number): ProposalVersion[] {
  return db.query('SELECT id, generated_text, source, model, created_at, written_at, merged FROM proposal_versions WHERE proposal_id = ? ORDER BY id DESC', [id]).map((r) => ({
    id: Number(r.id),
    generatedText: String(r.generated_text),
    source: asSource(r.source),
    model: str(r.model),
    createdAt: String(r.created_at),
    writtenAt: str(r.written_at),
    merged: Number(r.merged) === 1,
  }));
}

/**
 * Full-text search, best matches first, with the matched words marked. Ranking comes first and
 * alone: highlight() and snippet() read whole texts, so they run only for the rows kept.
 */
export function searchProposals(db: Db, input: string, limit = SEARCH_LIMIT, filter?: ProposalFilter): SearchHit[] {
  const match = buildFtsQuery(input);
  if (!match) return [];
  // Narrowed by the filters (not the words again: the ranking below has them) before ranking, so
  // the best matches among the filtered rows are found, not the filtered best matches overall.
  const where = filterWhere({ ...filter, query: undefined });
  const narrowed = where.params.length > 0;
  let n = 2; // ?1 and ?2 are the match and the limit: the filter's values follow them
  const numbered = where.sql.replace(/\?/g, () => `?${++n}`);
  return db.query(
    `WITH top AS (
       SELECT rowid AS id, bm25(proposals_fts, 3.0, 1.0, 2.0) AS score FROM proposals_fts
       WHERE proposals_fts MATCH ?1
       ${narrowed ? `AND rowid IN (SELECT p.id FROM proposals p WHERE ${numbered})` : ''}
       ORDER BY score LIMIT ?2 + 20
     )
     SELECT p.id, p.status, p.outcome, p.created_at,
       highlight(proposals_fts, 0, '${MARK_START}', '${MARK_END}') AS job_marked,
       snippet(proposals_fts, 1, '${MARK_START}', '${MARK_END}', '…', 24) AS text_snippet
     FROM top
     JOIN proposals p ON p.id = top.id AND p.deleted_at IS NULL
     JOIN proposals_fts ON proposals_fts.rowid = top.id AND proposals_fts MATCH ?1
     ORDER BY top.score LIMIT ?2`,
    [match, limit, ...where.params],
  ).map((r) => ({
    id: Number(r.id),
    status: asStatus(r.status),
    outcome: asOutcome(r.outcome),
    createdAt: String(r.created_at),
    title: proposalTitle(String(r.job_marked).slice(0, 400)),
    proposalSnippet: String(r.text_snippet),
  }));
}
