// A desktop app database (recognised by its history, lineage.ts) read into this app's export
// model: by the tables and columns it has, so any of the desktop's versions V1…V30 reads the same
// way. Proposals, their revisions (archived ones inflated) and job post link show on this app's
// screens; the rest goes to the desktop records (desktop-records.ts).
import type { Db, Row, SqlValue } from '../domain/db.ts';
import type { ExportedProposal, ExportedVersion, ExportFile } from '../domain/export-format.ts';
import { PROGRESS_EVERY, type OnImportProgress } from '../domain/export-import.ts';
import { outcomeFromDesktop } from '../domain/outcomes.ts';
import { jobUrlProblem } from '../domain/urls.ts';
import { readArchivedRevisions, DesktopFileError } from './archived-revisions.ts';
import {
  DESKTOP_LISTS, DESKTOP_OUTCOMES, emptyDesktopLists, isSecretSettingName, SENT_OUTCOMES, type DesktopLists, type DesktopRow,
} from './desktop-records.ts';
import { isDesktopOnlySetting } from './desktop-store.ts';

/** The columns each table has in this file. */
function schemaOf(db: Db): Map<string, Set<string>> {
  const tables = new Map<string, Set<string>>();
  for (const r of db.query(`SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'`)) {
    const set = tables.get(String(r.t)) ?? new Set<string>();
    set.add(String(r.c));
    tables.set(String(r.t), set);
  }
  return tables;
}

/** Reads `table`'s `columns` (those it lacks as NULL), ordered by `order`; none when the table is missing. */
function readTable(db: Db, schema: Map<string, Set<string>>, table: string, columns: readonly string[], order = 'id'): Row[] {
  const have = schema.get(table);
  if (!have) return [];
  const list = columns.map((c) => (have.has(c) ? `"${c}"` : `NULL AS "${c}"`)).join(', ');
  return db.query(`SELECT ${list} FROM "${table}" ORDER BY ${order}`);
}

const text = (v: SqlValue): string | null => (v === null ? null : String(v));
const num = (v: SqlValue): number | null => (v === null ? null : Number(v));

function groupBy<T>(rows: Row[], key: string, map: (r: Row) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = Number(r[key]);
    (out.get(k) ?? out.set(k, []).get(k)!).push(map(r));
  }
  return out;
}

/** A row without the desktop's own keys, as JSON text (a job post's score or feedback). */
const restOf = (r: Row, drop: string[]) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k)));

function readJobPosts(db: Db, schema: Map<string, Set<string>>): DesktopRow[] {
  const skills = groupBy(readTable(db, schema, 'job_skills', ['job_post_id', 'skill_name']), 'job_post_id', (r) => String(r.skill_name));
  const scoreColumns = [...(schema.get('job_scores') ?? [])];
  const scores = groupBy(readTable(db, schema, 'job_scores', scoreColumns), 'job_post_id', (r) => restOf(r, ['id', 'job_post_id']));
  const feedbackColumns = [...(schema.get('scoring_feedback') ?? [])];
  const feedback = groupBy(readTable(db, schema, 'scoring_feedback', feedbackColumns), 'job_post_id', (r) => restOf(r, ['id', 'job_post_id']));
  const own = Object.keys(DESKTOP_LISTS.job_posts.columns).filter((c) => !['desktop_id', 'skills', 'score', 'feedback'].includes(c));
  return readTable(db, schema, 'job_posts', ['id', ...own]).map((r) => {
    const id = Number(r.id);
    const score = scores.get(id)?.[0];
    return { ...r, id, desktop_id: id, skills: JSON.stringify(skills.get(id) ?? []), score: score ? JSON.stringify(score) : null, feedback: JSON.stringify(feedback.get(id) ?? []) };
  });
}

function readLists(db: Db, schema: Map<string, Set<string>>, jobPosts: DesktopRow[]): DesktopLists {
  const lists = emptyDesktopLists();
  lists.job_posts = jobPosts;
  lists.user_skills = readTable(db, schema, 'user_skills', ['skill', 'added_at', 'is_primary']).map((r) => ({ ...r, is_primary: r.is_primary ? 1 : 0 }));
  lists.golden_set = readTable(db, schema, 'golden_set_proposals', Object.keys(DESKTOP_LISTS.golden_set.columns));
  lists.voice_profiles = readTable(db, schema, 'voice_profiles', Object.keys(DESKTOP_LISTS.voice_profiles.columns));
  return lists;
}

const PROPOSAL_COLUMNS = [
  'id', 'job_content', 'generated_text', 'created_at', 'updated_at', 'status', 'generation_params', 'outcome_status', 'outcome_updated_at',
  'hook_strategy_id', 'job_post_id', 'archived_revisions',
];

/** Which of its settings to take: 'all' when it replaces this app's database, 'desktop-only' (those this app has no field for) for an import. */
export type DesktopSettingsChoice = 'all' | 'desktop-only';

/**
 * The desktop database's proposals, revisions and records in this app's export model. Throws
 * DesktopFileError, in words, for what it cannot read whole (an archive that does not inflate,
 * an outcome the desktop does not write).
 */
/** The desktop's outcome as this app's (one to one: pending is a draft), as one dated change. */
function desktopOutcome(status: string | null, changedAt: string): Pick<ExportedProposal, 'outcome' | 'outcome_history'> {
  if (status === null) return {};
  const outcome = outcomeFromDesktop(status);
  return outcome === 'draft' ? { outcome } : { outcome, outcome_history: [{ outcome, changed_at: changedAt }] };
}

export async function readDesktopDatabase(
  db: Db, settingsChoice: DesktopSettingsChoice, description = "the desktop app's database", onProgress?: OnImportProgress,
): Promise<ExportFile> {
  const schema = schemaOf(db);
  const jobPosts = readJobPosts(db, schema);
  const jobPostById = new Map(jobPosts.map((j) => [Number(j.id), j]));
  const revisions = groupBy(
    readTable(db, schema, 'proposal_revisions', ['id', 'proposal_id', 'content', 'revision_number', 'revision_type', 'restored_from_id', 'created_at'], 'proposal_id, revision_number, id'),
    'proposal_id',
    (r): ExportedVersion => version(String(r.content), text(r.revision_type), String(r.created_at), {
      desktop_id: num(r.id), revision_number: num(r.revision_number), revision_type: text(r.revision_type), restored_from_desktop_id: num(r.restored_from_id), archived: 0,
    }),
  );
  const overrides = groupBy(
    readTable(db, schema, 'safety_overrides', ['proposal_id', 'timestamp', 'ai_score', 'threshold_at_override', 'status', 'user_feedback']),
    'proposal_id', (r) => restOf(r, ['proposal_id']) as DesktopRow,
  );

  const proposals: ExportedProposal[] = [];
  const rows = readTable(db, schema, 'proposals', PROPOSAL_COLUMNS);
  for (const [i, p] of rows.entries()) {
    if (onProgress && i % PROGRESS_EVERY === 0) onProgress({ step: 'reading', done: i, total: rows.length });
    const id = Number(p.id);
    const outcome = text(p.outcome_status);
    if (outcome !== null && !(DESKTOP_OUTCOMES as readonly string[]).includes(outcome)) {
      throw new DesktopFileError(`The desktop's proposal ${id} has the outcome ${JSON.stringify(outcome)}, which the desktop app does not write (${DESKTOP_OUTCOMES.join(', ')}). Nothing was imported.`);
    }
    const archived = p.archived_revisions instanceof Uint8Array ? await readArchivedRevisions(p.archived_revisions, id) : [];
    const jobPost = p.job_post_id === null ? undefined : jobPostById.get(Number(p.job_post_id));
    const url = text(jobPost?.url ?? null)?.trim() ?? null;
    proposals.push({
      job_content: String(p.job_content),
      generated_text: String(p.generated_text),
      created_at: String(p.created_at),
      updated_at: text(p.updated_at),
      job_url: url && !jobUrlProblem(url) ? url : null,
      client_name: text(jobPost?.client_name ?? null),
      status: outcome !== null && SENT_OUTCOMES.has(outcome) ? 'sent' : 'draft',
      ...desktopOutcome(outcome, text(p.outcome_updated_at) ?? text(p.updated_at) ?? String(p.created_at)),
      versions: [
        ...archived.map((a) => version(a.content, a.revisionType, a.createdAt, {
          desktop_id: a.id, revision_number: null, revision_type: a.revisionType, restored_from_desktop_id: a.restoredFromId, archived: 1,
        })),
        ...(revisions.get(id) ?? []),
      ],
      desktop: {
        record: {
          desktop_id: id, generation_status: text(p.status), generation_params: text(p.generation_params), outcome_status: outcome,
          outcome_updated_at: text(p.outcome_updated_at), hook_strategy_id: text(p.hook_strategy_id), job_post_id: jobPost ? Number(jobPost.id) : null,
        },
        safety_overrides: overrides.get(id) ?? [],
      },
    });
  }

  const settings: Record<string, string> = {};
  for (const r of readTable(db, schema, 'settings', ['key', 'value'], 'key')) {
    const key = String(r.key);
    if (isSecretSettingName(key) || (settingsChoice === 'desktop-only' && !isDesktopOnlySetting(key))) continue;
    settings[key] = String(r.value);
  }
  return {
    metadata: { export_date: new Date().toISOString(), app_version: 'desktop', proposal_count: proposals.length, desktop: description },
    proposals,
    settings,
    desktop: readLists(db, schema, jobPosts),
  };
}

function version(content: string, type: string | null, createdAt: string, desktop: DesktopRow): ExportedVersion {
  return { generated_text: content, source: type === 'generation' ? 'generated' : 'edited', model: null, created_at: createdAt, desktop };
}
