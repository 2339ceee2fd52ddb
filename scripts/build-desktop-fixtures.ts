// Builds the desktop app's fixture databases (src/testing/fixtures/desktop/) from the desktop's
// REAL migration files, applied as refinery 0.8 applies them on the desktop's connection
// (PRAGMA journal_mode=WAL, then each migration in its own transaction with its history row), and
// fills them the way the desktop's own code writes rows (src-tauri/src/db/queries/*.rs,
// archive.rs). Run by hand when the fixtures must change:
//
//   npm run fixtures:desktop            (DESKTOP_REPO=<git dir of zianansar/proposal-writer>)
//
// It first checks the checksums in src/db/desktop/lineage.ts against the files (LF as committed,
// and CRLF), and stops if one differs.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { DESKTOP_DEV_BUILD_MIGRATIONS, DESKTOP_MIGRATIONS, type DesktopMigrationFact } from '../src/db/desktop/lineage.ts';
import { HISTORY_DDL, refineryChecksum } from '../src/migrate/index.ts';
import {
  ACTIVE_REVISIONS, CHECKPOINTED_PROPOSALS, FIXTURES, GOLDEN_SET, JOB_POSTS, PROPOSALS, SETTINGS, USER_SKILLS, VOICE_PROFILE,
} from '../src/testing/desktop-fixture-data.ts';

type Db = import('better-sqlite3').Database;
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');

const REPO = process.env.DESKTOP_REPO ?? '/work/.mirror/zianansar+proposal-writer/repo';
const COMMIT = process.env.DESKTOP_COMMIT ?? '5738294';
const DEV_COMMIT = 'ec3e7e3';
const DIR = 'upwork-researcher/src-tauri/migrations';

const gitFile = (commit: string, path: string) => execFileSync('git', ['-C', REPO, 'show', `${commit}:${path}`]).toString('utf8');
const toCrlf = (lf: string) => lf.replace(/\r?\n/g, '\r\n');

/** The file of each fact, read from the desktop repository, with its checksums checked. */
function readMigrations(commit: string, facts: readonly DesktopMigrationFact[]) {
  return facts.map((f) => {
    const sql = gitFile(commit, `${DIR}/V${f.version}__${f.name}.sql`);
    if (sql.includes('\r')) throw new Error(`V${f.version}__${f.name}.sql has CR characters as committed`);
    const lf = refineryChecksum(f.version, f.name, sql);
    const crlf = refineryChecksum(f.version, f.name, toCrlf(sql));
    if (lf !== f.lf || crlf !== f.crlf) throw new Error(`V${f.version}__${f.name}: the files give LF ${lf}, CRLF ${crlf}; lineage.ts says ${f.lf}, ${f.crlf}`);
    return { ...f, sql };
  });
}

/** refinery's applied_on (the time crate's RFC 3339: nanoseconds, trailing zeros trimmed). */
const appliedOn = (version: number) => `2026-02-15T08:00:${String(version).padStart(2, '0')}.${String(123456789 - version * 1000).replace(/0+$/, '')}Z`;

function applyAsRefinery(db: Db, migrations: ReturnType<typeof readMigrations>, upTo: number, crlf: boolean): void {
  db.pragma('journal_mode = WAL'); // db/mod.rs, before the migrations
  db.pragma('foreign_keys = ON');
  db.exec(HISTORY_DDL);
  for (const m of migrations.slice(0, upTo)) {
    db.transaction(() => {
      db.exec(crlf ? toCrlf(m.sql) : m.sql);
      db.prepare('INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (?, ?, ?, ?)')
        .run(m.version, m.name, appliedOn(m.version), crlf ? m.crlf : m.lf);
    })();
  }
}

const hasColumn = (db: Db, table: string, column: string) =>
  (db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).all(table, column) as unknown[]).length > 0;

/** The user's data, written with the statements the desktop's query code uses. */
function fillSettingsAndProfile(db: Db): void {
  const setSetting = db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, datetime('now'))
    ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = datetime('now')`); // settings.rs set_setting
  for (const [k, v] of Object.entries(SETTINGS)) setSetting.run(k, v);
  for (const s of USER_SKILLS) {
    db.prepare('INSERT INTO user_skills (skill) VALUES (?)').run(s.skill); // user_skills.rs
    db.prepare('UPDATE user_skills SET added_at = ?, is_primary = ? WHERE skill = ?').run(s.addedAt, s.primary, s.skill);
  }
  for (const g of GOLDEN_SET) {
    const words = g.content.split(/\s+/).filter(Boolean).length;
    const { lastInsertRowid } = db.prepare('INSERT INTO golden_set_proposals (content, word_count, source_filename) VALUES (?, ?, ?)').run(g.content, words, g.file);
    db.prepare('UPDATE golden_set_proposals SET created_at = ? WHERE id = ?').run(g.createdAt, lastInsertRowid);
  }
  const v = VOICE_PROFILE;
  // voice_profile.rs's insert, with its times given (its update trigger would stamp any later UPDATE with the time of the build)
  db.prepare(`INSERT INTO voice_profiles (
      user_id, tone_score, avg_sentence_length, vocabulary_complexity,
      structure_paragraphs_pct, structure_bullets_pct, technical_depth,
      length_preference, common_phrases, sample_count, calibration_source, created_at, updated_at
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(v.userId, v.tone, v.sentence, v.vocabulary, v.paragraphs, v.bullets, v.depth, v.length, JSON.stringify(v.phrases), v.samples, v.source, v.createdAt, v.updatedAt);
}

function fillJobPosts(db: Db): number[] {
  return JOB_POSTS.map((j) => {
    let id: number;
    if (j.rss) {
      // job_posts.rs insert_job_post_from_rss, with its batch in rss_imports
      db.prepare(`INSERT INTO rss_imports (batch_id, feed_url, total_jobs) VALUES (?, ?, 1)`).run(j.rss.batch, 'https://www.upwork.com/ab/feed/jobs/rss?q=python');
      id = Number(db.prepare(`INSERT INTO job_posts (url, raw_content, source, analysis_status, import_batch_id) VALUES (?, ?, ?, ?, ?)`)
        .run(j.url, j.raw, 'rss', 'pending_analysis', j.rss.batch).lastInsertRowid);
    } else {
      id = Number(db.prepare('INSERT INTO job_posts (url, raw_content, client_name) VALUES (?, ?, ?)').run(j.url, j.raw, null).lastInsertRowid);
    }
    db.prepare('UPDATE job_posts SET created_at = ? WHERE id = ?').run(j.createdAt, id);
    if (j.skills) {
      // save_job_analysis_atomic: client name, skills, hidden needs
      db.prepare('UPDATE job_posts SET client_name = ? WHERE id = ?').run(j.client, id);
      db.prepare('DELETE FROM job_skills WHERE job_post_id = ?').run(id);
      for (const s of j.skills) db.prepare('INSERT INTO job_skills (job_post_id, skill_name) VALUES (?, ?)').run(id, s);
      db.prepare('UPDATE job_posts SET hidden_needs = ? WHERE id = ?').run(JSON.stringify(j.hiddenNeeds ?? []), id);
    }
    if (j.budget) {
      db.prepare('UPDATE job_posts SET budget_min = ?, budget_max = ?, budget_type = ?, budget_alignment_pct = ?, budget_alignment_status = ? WHERE id = ?')
        .run(j.budget.min, j.budget.max, j.budget.type, j.budget.pct, j.budget.status, id);
    }
    if (j.score) {
      const s = j.score; // scoring.rs: each component, then the overall score and its colour
      if (s.skills !== null) db.prepare(`INSERT INTO job_scores (job_post_id, skills_match_percentage) VALUES (?, ?) ON CONFLICT(job_post_id) DO UPDATE SET skills_match_percentage = excluded.skills_match_percentage, calculated_at = CURRENT_TIMESTAMP`).run(id, s.skills);
      if (s.client !== null) db.prepare(`INSERT INTO job_scores (job_post_id, client_quality_score) VALUES (?, ?) ON CONFLICT(job_post_id) DO UPDATE SET client_quality_score = excluded.client_quality_score, calculated_at = CURRENT_TIMESTAMP`).run(id, s.client);
      if (s.budget !== null) db.prepare(`INSERT INTO job_scores (job_post_id, budget_alignment_score) VALUES (?, ?) ON CONFLICT(job_post_id) DO UPDATE SET budget_alignment_score = excluded.budget_alignment_score, calculated_at = CURRENT_TIMESTAMP`).run(id, s.budget);
      db.prepare(`INSERT INTO job_scores (job_post_id, overall_score, color_flag) VALUES (?, ?, ?) ON CONFLICT(job_post_id) DO UPDATE SET overall_score = excluded.overall_score, color_flag = excluded.color_flag, calculated_at = CURRENT_TIMESTAMP`).run(id, s.overall, s.color);
      db.prepare('UPDATE job_scores SET calculated_at = ? WHERE job_post_id = ?').run(s.calculatedAt, id);
    }
    if (j.queue) {
      db.prepare('UPDATE job_posts SET job_title = ?, overall_score = ?, score_color = ?, skills_match_percent = ?, client_quality_percent = ? WHERE id = ?')
        .run(j.queue.title, j.queue.overall, j.queue.color, j.queue.skillsPct, j.queue.clientPct, id);
    }
    if (j.feedback) {
      const f = j.feedback;
      const [score] = db.prepare('SELECT overall_score, color_flag, skills_match_percentage, client_quality_score, budget_alignment_score FROM job_scores WHERE job_post_id = ?').all(id) as Record<string, unknown>[];
      db.prepare(`INSERT INTO scoring_feedback (job_post_id, reported_at, overall_score_at_report, color_flag_at_report, skills_match_at_report, client_quality_at_report, budget_alignment_at_report,
          issue_skills_mismatch, issue_client_quality, issue_budget_wrong, issue_score_too_high, issue_score_too_low, issue_other, user_notes, app_version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, 0, ?, ?)`)
        .run(id, f.reportedAt, score.overall_score, score.color_flag, score.skills_match_percentage, score.client_quality_score, score.budget_alignment_score,
          f.skillsMismatch, f.tooHigh, f.tooHigh ? 0 : 1, f.notes, f.appVersion);
    }
    return id;
  });
}

function fillProposal(db: Db, p: (typeof PROPOSALS)[number], jobIds: number[]): void {
  const ab = hasColumn(db, 'proposals', 'ab_assigned');
  const jobPostId = p.jobPost === null ? null : jobIds[p.jobPost];
  // proposals.rs insert_proposal_with_context / insert_proposal_with_ab_context (its ?N placeholders as plain ?: better-sqlite3 binds them in order)
  const id = Number((ab
    ? db.prepare(`INSERT INTO proposals (job_content, generated_text, status, hook_strategy_id, job_post_id, ab_assigned, ab_weight_at_assignment) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(p.job, p.text, p.status, p.hook, jobPostId, p.ab ? 1 : 0, p.ab?.weight ?? null)
    : db.prepare(`INSERT INTO proposals (job_content, generated_text, status, hook_strategy_id, job_post_id) VALUES (?, ?, ?, ?, ?)`)
      .run(p.job, p.text, p.status, p.hook, jobPostId)).lastInsertRowid);
  db.prepare('UPDATE proposals SET created_at = ?, updated_at = ?, generation_params = ? WHERE id = ?').run(p.createdAt, p.updatedAt, p.params ?? null, id);
  if (p.outcome !== 'pending') {
    db.prepare(`UPDATE proposals SET outcome_status = ?, outcome_updated_at = datetime('now') WHERE id = ?`).run(p.outcome, id); // update_proposal_outcome
  }
  db.prepare('UPDATE proposals SET outcome_updated_at = ? WHERE id = ?').run(p.outcomeUpdatedAt, id);
  const revisionIds: number[] = [];
  for (const r of p.revisions ?? []) {
    // revisions.rs create_revision
    const rid = Number(db.prepare(`INSERT INTO proposal_revisions (proposal_id, content, revision_type, restored_from_id, revision_number)
      VALUES (?, ?, ?, ?, COALESCE((SELECT MAX(revision_number) + 1 FROM proposal_revisions WHERE proposal_id = ?), 1))`)
      .run(id, r.content, r.type, r.restoredFrom === undefined ? null : revisionIds[r.restoredFrom], id).lastInsertRowid);
    db.prepare('UPDATE proposal_revisions SET created_at = ? WHERE id = ?').run(r.createdAt, rid);
    revisionIds.push(rid);
  }
  archiveOldRevisions(db, id);
  if (p.override) {
    const o = p.override; // safety_overrides.rs record_override, then its status and feedback
    const oid = db.prepare(`INSERT INTO safety_overrides (proposal_id, ai_score, threshold_at_override, status) VALUES (?, ?, ?, 'pending')`).run(id, o.aiScore, o.threshold).lastInsertRowid;
    db.prepare('UPDATE safety_overrides SET status = ?, user_feedback = ? WHERE id = ?').run(o.status, o.feedback, oid);
    db.prepare('UPDATE safety_overrides SET timestamp = ? WHERE id = ?').run(o.at, oid);
  }
}

/** revisions.rs archive_old_revisions: beyond the newest five, into proposals.archived_revisions (zlib JSON, archive.rs). */
function archiveOldRevisions(db: Db, proposalId: number): void {
  const [{ n }] = db.prepare('SELECT COUNT(*) AS n FROM proposal_revisions WHERE proposal_id = ?').all(proposalId) as { n: number }[];
  if (n <= ACTIVE_REVISIONS) return;
  const old = db.prepare(`SELECT id, proposal_id, content, revision_type, restored_from_id, created_at FROM proposal_revisions
    WHERE proposal_id = ? ORDER BY created_at ASC LIMIT ?`).all(proposalId, n - ACTIVE_REVISIONS) as Record<string, unknown>[];
  const archived = old.map((r) => ({ id: r.id, proposalId: r.proposal_id, content: r.content, revisionType: r.revision_type, restoredFromId: r.restored_from_id, createdAt: r.created_at }));
  db.transaction(() => {
    db.prepare('UPDATE proposals SET archived_revisions = ? WHERE id = ?').run(deflateSync(Buffer.from(JSON.stringify(archived))), proposalId);
    db.prepare(`DELETE FROM proposal_revisions WHERE id IN (${old.map(() => '?').join(',')})`).run(...old.map((r) => r.id));
  })();
}

function fillRemoteConfig(db: Db): void {
  if (!hasColumn(db, 'hook_strategies', 'ab_weight')) return;
  db.prepare(`UPDATE hook_strategies SET ab_weight = 0.25, remote_id = 'social_proof' WHERE name = 'Social Proof'`).run();
  db.prepare(`INSERT INTO remote_config (schema_version, config_json, fetched_at, signature, source) VALUES ('1', '{"strategies":[]}', '2026-02-18 08:00:00', 'sig', 'remote')`).run();
}

function build(path: string, migrations: ReturnType<typeof readMigrations>, upTo: number, crlf: boolean, live = false): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const db = new Database(path);
  applyAsRefinery(db, migrations, upTo, crlf);
  fillSettingsAndProfile(db);
  const jobIds = fillJobPosts(db);
  const proposals = live ? PROPOSALS.slice(0, CHECKPOINTED_PROPOSALS) : PROPOSALS;
  for (const p of proposals) fillProposal(db, p, jobIds);
  if (!live) {
    fillRemoteConfig(db);
    db.close(); // checkpoints and removes the -wal: the file stays in WAL mode (its header says so)
    return;
  }
  // Copied while the desktop app runs: what came before is in the file, the rest only in its -wal.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('wal_autocheckpoint = 0');
  db.transaction(() => {
    for (const p of PROPOSALS.slice(CHECKPOINTED_PROPOSALS)) fillProposal(db, p, jobIds);
    fillRemoteConfig(db);
  })();
  const copy = `${path}.copy`;
  copyFileSync(path, copy);
  copyFileSync(`${path}-wal`, `${copy}-wal`);
  db.close();
  rmSync(path, { force: true });
  copyFileSync(copy, path);
  copyFileSync(`${copy}-wal`, `${path}-wal`);
  rmSync(copy);
  rmSync(`${copy}-wal`);
}

/** The desktop's JSON export (lib.rs export_proposals_to_json): SavedProposal in camelCase, by id, pretty-printed. */
function writeExport(path: string, fromDb: string): void {
  const db = new Database(fromDb, { readonly: true });
  const proposals = db.prepare('SELECT id, job_content, generated_text, created_at, status FROM proposals ORDER BY id ASC').all() as Record<string, unknown>[];
  db.close();
  const data = {
    metadata: { exportDate: '2026-02-20T10:11:12.345678901+00:00', appVersion: '0.1.1', proposalCount: proposals.length },
    proposals: proposals.map((p) => ({ id: p.id, jobContent: p.job_content, generatedText: p.generated_text, createdAt: p.created_at, status: p.status })),
  };
  writeFileSync(path, JSON.stringify(data, null, 2));
  for (const suffix of ['-wal', '-shm']) rmSync(fromDb + suffix, { force: true }); // left by the read-only look
}

const migrations = readMigrations(COMMIT, DESKTOP_MIGRATIONS);
readMigrations(DEV_COMMIT, DESKTOP_DEV_BUILD_MIGRATIONS);
mkdirSync('src/testing/fixtures/desktop', { recursive: true });
build(FIXTURES.v27lf, migrations, 27, false);
build(FIXTURES.v27crlf, migrations, 27, true);
build(FIXTURES.v30lf, migrations, 30, false);
build(FIXTURES.v30crlfLive, migrations, 30, true, true);
writeExport(FIXTURES.export, FIXTURES.v30lf);
console.log(`checked ${DESKTOP_MIGRATIONS.length} + ${DESKTOP_DEV_BUILD_MIGRATIONS.length} checksums; wrote ${Object.values(FIXTURES).join(', ')}`);
