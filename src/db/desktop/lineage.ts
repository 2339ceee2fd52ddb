// The desktop app's migration history, as facts: for each of its migrations the version, the name
// and the checksum refinery 0.8 records for the file as committed (LF) and as a Windows build
// embeds it (CRLF; the desktop repository has no .gitattributes and its releases are built on
// Windows). A database whose history is a prefix of this list, row for row, is the desktop app's;
// anything else with a refinery history is named for what it is and refused.
// The checksums were computed over the files of zianansar/proposal-writer (upwork-researcher/
// src-tauri/migrations/, commit 5738294) by scripts/build-desktop-fixtures.ts, which checks them
// again every time it runs.
import type { AppliedMigration } from '../../migrate/index.ts';

export interface DesktopMigrationFact {
  version: number;
  name: string;
  lf: string;
  crlf: string;
}

const fact = (version: number, name: string, lf: string, crlf: string): DesktopMigrationFact => ({ version, name, lf, crlf });

export const DESKTOP_MIGRATIONS: readonly DesktopMigrationFact[] = [
  fact(1, 'create_proposals_table', '14335102781081285074', '14149308931801304774'),
  fact(2, 'create_settings_table', '9401651853120081431', '17020565554329973637'),
  fact(3, 'add_job_posts_table', '10868025449547319258', '9105061764585899816'),
  fact(4, 'add_draft_status', '222942757401477280', '2736422956391647047'),
  fact(5, 'add_humanization_settings', '12907977915340914451', '4697791124655703016'),
  fact(6, 'add_encryption_metadata', '6558265861101930591', '6022657850938848086'),
  fact(7, 'add_safety_overrides_table', '8522665136490591958', '7876362848772230927'),
  fact(8, 'add_proposal_revisions_table', '2469694812204739085', '3671518527412679124'),
  fact(9, 'add_job_skills_table', '10934388905028464019', '2105381332903237886'),
  fact(10, 'add_hidden_needs_to_job_posts', '391991915055426676', '18271268490907151834'),
  fact(11, 'add_user_skills_table', '2067703292524665460', '472520028355515109'),
  fact(12, 'add_job_scores_table', '6764863481477160185', '7884232987408804532'),
  fact(13, 'add_budget_fields_to_job_posts', '9353085024227077593', '1309352869266911060'),
  fact(14, 'add_color_flag_to_job_scores', '4724476749861926733', '16687957750665658203'),
  fact(15, 'add_rss_import_tracking', '13370702984250250501', '10067592762616695738'),
  fact(16, 'add_import_method_to_rss_imports', '11347782877943681181', '5741298119200954072'),
  fact(17, 'add_job_queue_indexes', '14820949992594666612', '16798863143118533614'),
  fact(18, 'add_scoring_feedback_table', '284882284516071018', '8959101998360077109'),
  fact(19, 'add_hook_strategies_table', '6300546128056198406', '716415121340120227'),
  fact(20, 'add_golden_set_proposals_table', '6786717679126743884', '10212706524414412971'),
  fact(21, 'create_voice_profiles_table', '5166401082437336016', '11009391918644184522'),
  fact(22, 'add_voice_length_preference', '3515029579627222728', '7953755409860131740'),
  fact(23, 'add_revision_type_and_restored_from', '11565255138025701444', '2809170316075254807'),
  fact(24, 'add_archived_revisions_column', '3221329304007064747', '3316098664831084154'),
  fact(25, 'add_proposals_edited_count', '628322207771677144', '4079522709070619013'),
  fact(26, 'add_proposal_history_indexes', '10367727065987494286', '11780443864241638938'),
  fact(27, 'add_proposal_outcome_tracking', '1324720077013612064', '9048588949038184735'),
  fact(28, 'add_hook_strategy_status_columns', '15730542980467087805', '14272198631240568827'),
  fact(29, 'add_ab_testing_fields', '5237562852592701315', '16415774554017513544'),
  fact(30, 'create_remote_config_table', '470822998196231199', '8721563810996871756'),
];

/** The last migration of the desktop's release v0.1.1 (2026-02-15); V28–V30 came in later builds. */
export const DESKTOP_RELEASE_V0_1_1 = 27;

/**
 * The desktop's very early development builds (2026-02-04…09, commit ec3e7e3) began with other
 * files; the desktop app itself refuses such a database today. This app's own V1 and V2 have the
 * same names and other checksums.
 */
export const DESKTOP_DEV_BUILD_MIGRATIONS: readonly DesktopMigrationFact[] = [
  fact(1, 'initial_schema', '12397384201902677147', '10632099190118852348'),
  fact(2, 'add_settings_table', '11284448393933036010', '9196079151566648631'),
];

export type LineEndings = 'LF' | 'CRLF' | 'mixed';

export type DesktopHistory =
  /** The desktop app's database at V`version`. */
  | { kind: 'desktop'; version: number; lineEndings: LineEndings }
  /** Not one this app can read: `reason` says what it is, in words for the user. */
  | { kind: 'refused'; reason: string };

export type RecognisedDesktop = Extract<DesktopHistory, { kind: 'desktop' }>;

const label = (m: { version: number; name: string }) => `V${m.version}__${m.name}`;
const endingOf = (f: DesktopMigrationFact, checksum: string): 'LF' | 'CRLF' | null =>
  BigInt(checksum) === BigInt(f.lf) ? 'LF' : BigInt(checksum) === BigInt(f.crlf) ? 'CRLF' : null;

/** The history's first row names the desktop's first migration (by name: its checksum is judged later). */
const looksLikeDesktop = (history: readonly AppliedMigration[]): boolean =>
  history[0]?.version === 1 && history[0].name === DESKTOP_MIGRATIONS[0].name;

/** The history's first row is one of the desktop's early development builds (by name and checksum). */
function isDesktopDevBuild(history: readonly AppliedMigration[]): boolean {
  const first = history[0];
  const dev = DESKTOP_DEV_BUILD_MIGRATIONS[0];
  return first?.version === 1 && first.name === dev.name && endingOf(dev, first.checksum) !== null;
}

/**
 * Judges a refinery history that is not this app's own: the desktop app's at V`k` (every row the
 * desktop's migration of that version, with its LF or CRLF checksum, and nothing missing), or
 * refused with words that say what it is. Returns null when the history is not the desktop's at
 * all (empty, or this app's own lineage): the caller judges those as it always did.
 */
export function recogniseDesktopHistory(history: readonly AppliedMigration[]): DesktopHistory | null {
  if (isDesktopDevBuild(history)) {
    return {
      kind: 'refused',
      reason: `it is a database from an early development build of the desktop app (February 2026: ${history.slice(0, 2).map(label).join(', ')}…, before its migrations were renamed), which the desktop app itself no longer opens; open it in a desktop build of that time and export its proposals to JSON, then import the JSON`,
    };
  }
  if (!looksLikeDesktop(history)) return null;
  const endings = new Set<'LF' | 'CRLF'>();
  for (const [i, row] of history.entries()) {
    const f = DESKTOP_MIGRATIONS[i];
    if (!f) {
      return { kind: 'refused', reason: `it is the desktop app's database, updated by a newer desktop build than this app knows (${label(row)}; this app reads up to ${label(DESKTOP_MIGRATIONS.at(-1)!)})` };
    }
    if (row.version !== f.version) {
      return { kind: 'refused', reason: `it looks like the desktop app's database, but its history skips ${label(f)} (it has ${label(row)} next): it was changed by another program` };
    }
    if (row.name !== f.name) {
      return { kind: 'refused', reason: `it looks like the desktop app's database, but its ${label(row)} is not the desktop's ${label(f)}: it was made by another program` };
    }
    const ending = endingOf(f, row.checksum);
    if (!ending) {
      return {
        kind: 'refused',
        reason: `it looks like the desktop app's database, but its ${label(row)} has the checksum ${row.checksum}, which no desktop build has (${f.lf} with LF line endings, ${f.crlf} with CRLF): the migration was changed, or the file was made by another program`,
      };
    }
    endings.add(ending);
  }
  const lineEndings: LineEndings = endings.size === 2 ? 'mixed' : endings.has('CRLF') ? 'CRLF' : 'LF';
  return { kind: 'desktop', version: history.length, lineEndings };
}

/**
 * Words for a refinery history that is neither this app's (first migration `appFirst`) nor the
 * desktop's, or null when its first migration has this app's name (then it is judged as this app's).
 */
export function foreignHistoryReason(history: readonly AppliedMigration[], appFirst: { name: string }): string | null {
  const first = history[0];
  if (!first || first.name === appFirst.name || first.name === DESKTOP_MIGRATIONS[0].name) return null;
  return `it has the refinery migration history of another application (its first migration is ${label(first)}, checksum ${first.checksum}; neither this app's V1__${appFirst.name} nor the desktop app's ${label(DESKTOP_MIGRATIONS[0])})`;
}

/** "the desktop app's database at V27 (release v0.1.1), migrations with CRLF line endings (a Windows build)" */
export function describeDesktopHistory(h: { version: number; lineEndings: LineEndings }): string {
  const release = h.version === DESKTOP_RELEASE_V0_1_1 ? ' (release v0.1.1)' : h.version > DESKTOP_RELEASE_V0_1_1 ? ' (a build after release v0.1.1)' : '';
  const endings = h.lineEndings === 'CRLF' ? 'CRLF line endings (a Windows build)' : h.lineEndings === 'LF' ? 'LF line endings (a macOS or Linux build)' : 'LF and CRLF line endings (builds of both kinds)';
  return `the desktop app's database at V${h.version}${release}, migrations with ${endings}`;
}
