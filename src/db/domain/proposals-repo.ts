// Proposals, their earlier versions and their search: plain SQL over the engine's interface,
// so the same code runs in the worker and in Node tests.
import type { Db, Row } from './db.ts';
import {
  asSource, asStatus, MARK_END, MARK_START, proposalTitle,
  type Proposal, type ProposalBase, type ProposalInput, type ProposalSummary, type ProposalVersion, type SavedProposal, type SearchHit,
} from './proposal.ts';
import { PAGE_SIZE, SEARCH_LIMIT } from './limits.ts';
import { buildFtsQuery } from './search-query.ts';
import { jobUrlProblem } from './urls.ts';

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
});

const SELECT_PROPOSAL = `SELECT p.id, p.job_content, p.generated_text, p.job_url, p.client_name, p.status, p.created_at, p.updated_at,
  (SELECT count(*) FROM proposal_versions v WHERE v.proposal_id = p.id) AS version_count
  FROM proposals p`;

export function countProposals(db: Db): number {
  return Number(db.query('SELECT count(*) AS n FROM proposals WHERE deleted_at IS NULL')[0].n);
}

/** One page of the history, newest first. Titles are cut in SQL: rows can be long. */
export function listProposals(db: Db, offset = 0, limit = PAGE_SIZE): ProposalSummary[] {
  return db.query(
    `SELECT id, status, created_at, updated_at, client_name,
       substr(job_content, 1, 300) AS job_head
     FROM proposals WHERE deleted_at IS NULL
     ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
    [limit, offset],
  ).map((r) => ({
    id: Number(r.id),
    status: asStatus(r.status),
    createdAt: String(r.created_at),
    updatedAt: str(r.updated_at),
    clientName: str(r.client_name),
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
  return url?.trim() || null;
}

export function createProposal(db: Db, input: ProposalInput = {}): Proposal {
  const [row] = db.query(
    `INSERT INTO proposals (job_content, generated_text, job_url, client_name, status) VALUES (?, ?, ?, ?, ?) RETURNING id`,
    [input.jobContent ?? '', input.generatedText ?? '', checkUrl(input.jobUrl), input.clientName?.trim() || null, input.status ?? 'draft'],
  );
  return mustGet(db, Number(row.id));
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
    status: patch.status ?? current.status,
  };
  db.query(
    `UPDATE proposals SET job_content = ?, generated_text = ?, job_url = ?, client_name = ?, status = ?, updated_at = datetime('now')
     WHERE id = ? AND (job_content, generated_text, coalesce(job_url, ''), coalesce(client_name, ''), status)
       IS NOT (?, ?, coalesce(?, ''), coalesce(?, ''), ?)`,
    [next.job_content, next.generated_text, next.job_url, next.client_name, next.status, id,
      next.job_content, next.generated_text, next.job_url, next.client_name, next.status],
  );
  const saved = mustGet(db, id);
  return replacesOther ? { ...saved, keptOtherText: true } : saved;
}

/** Soft delete, so the user can undo; purged for good at a start-up an hour later or more. */
export function deleteProposal(db: Db, id: number): void {
  mustGet(db, id);
  db.query(`UPDATE proposals SET deleted_at = datetime('now') WHERE id = ?`, [id]);
}

export function restoreProposal(db: Db, id: number): Proposal {
  db.query('UPDATE proposals SET deleted_at = NULL WHERE id = ?', [id]);
  return mustGet(db, id);
}

/**
 * Deletes for good what was deleted more than `minutes` ago. Not at once: the tab holding the
 * database can change at any time (another tab closed), and an undo offered a moment ago must work.
 */
export function purgeDeleted(db: Db, minutes = 60): number {
  const rows = db.query(`DELETE FROM proposals WHERE deleted_at IS NOT NULL AND deleted_at <= datetime('now', ?) RETURNING id`, [`-${minutes} minutes`]);
  return rows.length;
}

/** Keeps the current text as an earlier version (before a regeneration replaces it). */
export function keepVersion(db: Db, id: number, source: ProposalVersion['source'], model: string | null = null): void {
  const p = mustGet(db, id);
  if (!p.generatedText.trim()) return;
  const [last] = db.query('SELECT generated_text FROM proposal_versions WHERE proposal_id = ? ORDER BY id DESC LIMIT 1', [id]);
  if (last?.generated_text === p.generatedText) return; // already kept
  db.query('INSERT INTO proposal_versions (proposal_id, generated_text, source, model) VALUES (?, ?, ?, ?)', [id, p.generatedText, source, model]);
}

export function listVersions(db: Db, id: number): ProposalVersion[] {
  return db.query('SELECT id, generated_text, source, model, created_at, merged FROM proposal_versions WHERE proposal_id = ? ORDER BY id DESC', [id]).map((r) => ({
    id: Number(r.id),
    generatedText: String(r.generated_text),
    source: asSource(r.source),
    model: str(r.model),
    createdAt: String(r.created_at),
    merged: Number(r.merged) === 1,
  }));
}

/**
 * Full-text search, best matches first, with the matched words marked. Ranking comes first and
 * alone: highlight() and snippet() read whole texts, so they run only for the rows kept.
 */
export function searchProposals(db: Db, input: string, limit = SEARCH_LIMIT): SearchHit[] {
  const match = buildFtsQuery(input);
  if (!match) return [];
  return db.query(
    `WITH top AS (
       SELECT rowid AS id, bm25(proposals_fts, 3.0, 1.0, 2.0) AS score FROM proposals_fts
       WHERE proposals_fts MATCH ?1 ORDER BY score LIMIT ?2 + 20
     )
     SELECT p.id, p.status, p.created_at,
       highlight(proposals_fts, 0, '${MARK_START}', '${MARK_END}') AS job_marked,
       snippet(proposals_fts, 1, '${MARK_START}', '${MARK_END}', '…', 24) AS text_snippet
     FROM top
     JOIN proposals p ON p.id = top.id AND p.deleted_at IS NULL
     JOIN proposals_fts ON proposals_fts.rowid = top.id AND proposals_fts MATCH ?1
     ORDER BY top.score LIMIT ?2`,
    [match, limit],
  ).map((r) => ({
    id: Number(r.id),
    status: asStatus(r.status),
    createdAt: String(r.created_at),
    title: proposalTitle(String(r.job_marked).slice(0, 400)),
    proposalSnippet: String(r.text_snippet),
  }));
}
