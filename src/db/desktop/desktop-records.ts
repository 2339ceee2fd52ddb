// What the desktop app keeps that this app has no screen for, as this app keeps it (the V6
// tables) and exports it (snake_case, like the rest of its JSON): one description per table, so
// that reading, writing and checking a JSON file follow the same columns.
import type { Db, SqlValue } from '../domain/db.ts';

export const DESKTOP_OUTCOMES = ['pending', 'submitted', 'response_received', 'interview', 'hired', 'no_response', 'rejected'] as const;
export type DesktopOutcome = (typeof DESKTOP_OUTCOMES)[number];
/** Outcomes that say the proposal went out: this app shows those proposals as sent. */
export const SENT_OUTCOMES: ReadonlySet<string> = new Set(['submitted', 'response_received', 'interview', 'hired', 'no_response', 'rejected']);

/** A column's type, as checked in a JSON file: `?` allows null. `json` is text holding JSON. */
export type ColumnType = 'text' | 'text?' | 'real' | 'real?' | 'int' | 'int?' | 'json' | 'json?';

export type DesktopRow = Record<string, SqlValue>;

export interface DesktopTable {
  /** The table in this app's schema. */
  table: string;
  /** Its columns as exported, with their types (the row's own id is not among them). */
  columns: Readonly<Record<string, ColumnType>>;
  /** Allowed values of some columns. */
  values?: Readonly<Record<string, readonly string[]>>;
}

/** One per imported proposal, keyed by this app's proposal id (issue 17 maps the outcome from here). */
export const DESKTOP_PROPOSAL: DesktopTable = {
  table: 'desktop_proposals',
  columns: {
    desktop_id: 'int?', generation_status: 'text?', generation_params: 'text?', outcome_status: 'text?', outcome_updated_at: 'text?',
    hook_strategy_id: 'text?', job_post_id: 'int?',
  },
  values: { generation_status: ['draft', 'completed'], outcome_status: DESKTOP_OUTCOMES },
};

/** One per imported revision, keyed by this app's version id. */
export const DESKTOP_REVISION: DesktopTable = {
  table: 'desktop_revisions',
  columns: { desktop_id: 'int?', revision_number: 'int?', revision_type: 'text?', restored_from_desktop_id: 'int?', archived: 'int' },
  values: { revision_type: ['generation', 'edit', 'restore'] },
};

export const DESKTOP_SAFETY_OVERRIDE: DesktopTable = {
  table: 'desktop_safety_overrides',
  columns: { timestamp: 'text', ai_score: 'real', threshold_at_override: 'real', status: 'text', user_feedback: 'text?' },
};

export const DESKTOP_JOB_POST: DesktopTable = {
  table: 'desktop_job_posts',
  columns: {
    desktop_id: 'int?', url: 'text?', raw_content: 'text', client_name: 'text?', created_at: 'text?', hidden_needs: 'json?',
    budget_min: 'real?', budget_max: 'real?', budget_type: 'text?', budget_alignment_pct: 'int?', budget_alignment_status: 'text?',
    job_title: 'text?', overall_score: 'real?', score_color: 'text?', skills_match_percent: 'int?', client_quality_percent: 'int?',
    source: 'text?', analysis_status: 'text?', skills: 'json', score: 'json?', feedback: 'json',
  },
};

/** The tables that stand on their own (not under a proposal), as listed in the JSON's "desktop" object. */
export const DESKTOP_LISTS = {
  job_posts: DESKTOP_JOB_POST,
  user_skills: { table: 'desktop_user_skills', columns: { skill: 'text', added_at: 'text?', is_primary: 'int' } },
  golden_set: { table: 'desktop_golden_set', columns: { content: 'text', word_count: 'int', source_filename: 'text?', created_at: 'text' } },
  voice_profiles: {
    table: 'desktop_voice_profiles',
    columns: {
      user_id: 'text', tone_score: 'real', technical_depth: 'real', avg_sentence_length: 'real', vocabulary_complexity: 'real',
      structure_paragraphs_pct: 'int', structure_bullets_pct: 'int', common_phrases: 'json', sample_count: 'int', calibration_source: 'text',
      length_preference: 'real?', created_at: 'text?', updated_at: 'text?',
    },
  },
} as const satisfies Record<string, DesktopTable>;

export type DesktopListName = keyof typeof DESKTOP_LISTS;

/** Per proposal: its desktop record and safety overrides. */
export type DesktopProposalExtras = { record: DesktopRow; safety_overrides: DesktopRow[] };

/** The desktop's lists; each job post carries `id`, which proposals' `job_post_id` refers to within the file. */
export type DesktopLists = Record<DesktopListName, DesktopRow[]>;

export const emptyDesktopLists = (): DesktopLists => ({ job_posts: [], user_skills: [], golden_set: [], voice_profiles: [] });

/**
 * Setting names that may hold a secret (the desktop's own log redaction rule: key, secret, pass,
 * token): never taken from a file.
 */
export const isSecretSettingName = (key: string) => /key|secret|pass|token/i.test(key);

/** A row of `spec`'s columns in the order of `spec.columns`. */
export const rowValues = (spec: DesktopTable, row: DesktopRow): SqlValue[] => Object.keys(spec.columns).map((c) => row[c] ?? null);

/** Inserts a row into `spec`'s table, with `extra` columns (the keys to this app's records) first. Returns its rowid. */
export function insertRow(db: Db, spec: DesktopTable, row: DesktopRow, extra: Record<string, SqlValue> = {}): number {
  const columns = [...Object.keys(extra), ...Object.keys(spec.columns)];
  const [r] = db.query(
    `INSERT INTO ${spec.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) RETURNING rowid AS id`,
    [...Object.values(extra), ...rowValues(spec, row)],
  );
  return Number(r.id);
}

/** Every row of `spec`'s table, with `extra` columns (SQL expressions named by their alias) first. */
export function selectRows(db: Db, spec: DesktopTable, extra: string[] = [], order = 'rowid'): DesktopRow[] {
  return db.query(`SELECT ${[...extra, ...Object.keys(spec.columns)].join(', ')} FROM ${spec.table} ORDER BY ${order}`);
}
