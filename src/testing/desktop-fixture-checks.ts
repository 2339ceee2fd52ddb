// Checks, value by value, that a database of this app holds the desktop fixtures' data
// (desktop-fixture-data.ts): used by the unit tests (Vitest) and on the database file the app
// downloads in the end-to-end tests (Playwright), with either's expect.
import type { expect as vitestExpect } from 'vitest';
import type { Db } from '../db/domain/db.ts';
import { getSettings } from '../db/domain/settings-repo.ts';
import { GOLDEN_SET, JOB_POSTS, SECRET_SETTINGS, SETTINGS, USER_SKILLS, VOICE_PROFILE, type FixtureProposal } from './desktop-fixture-data.ts';

type Expect = typeof vitestExpect;
const SENT = new Set(['submitted', 'response_received', 'interview', 'hired', 'no_response', 'rejected']);
/** Written out here, not imported from the app, so that a wrong mapping there fails. */
const OUTCOME_OF: Record<string, string> = {
  pending: 'draft', submitted: 'sent', response_received: 'replied', interview: 'interview', hired: 'hired', no_response: 'no_reply', rejected: 'not_hired',
};
const count = (db: Pick<Db, 'query'>, table: string) => Number(db.query(`SELECT count(*) AS n FROM ${table}`)[0].n);

/** Every value the fixture's proposals, job posts and user data hold, checked in this app's database. */
export function expectDesktopFixtureData(expect: Expect, db: Db, proposals: readonly FixtureProposal[], settings: 'imported' | 'replaced'): void {
  expect(count(db, 'proposals')).toBe(proposals.length);
  for (const p of proposals) {
    const [row] = db.query('SELECT * FROM proposals WHERE job_content = ? AND generated_text = ?', [p.job, p.text]);
    const jp = p.jobPost === null ? null : JOB_POSTS[p.jobPost];
    expect(row, p.job).toMatchObject({
      created_at: p.createdAt, updated_at: p.updatedAt, status: SENT.has(p.outcome) ? 'sent' : 'draft',
      job_url: jp?.url ?? null, client_name: jp?.skills ? jp.client : null, deleted_at: null,
    });
    const id = Number(row.id);
    // The desktop's outcome (issue 17): mapped one to one, one dated change, the proposal's outcome.
    const outcome = OUTCOME_OF[p.outcome];
    expect(row, p.job).toMatchObject({ outcome, outcome_changed_at: outcome === 'draft' ? null : (p.outcomeUpdatedAt ?? p.updatedAt ?? p.createdAt) });
    expect(db.query('SELECT outcome, changed_at FROM proposal_outcomes WHERE proposal_id = ? ORDER BY id', [id]), p.job)
      .toEqual(outcome === 'draft' ? [] : [{ outcome, changed_at: p.outcomeUpdatedAt ?? p.updatedAt ?? p.createdAt }]);
    const [record] = db.query('SELECT d.*, j.raw_content FROM desktop_proposals d LEFT JOIN desktop_job_posts j ON j.id = d.job_post_id WHERE proposal_id = ?', [id]);
    expect(record).toMatchObject({
      generation_status: p.status, generation_params: p.params ?? null, outcome_status: p.outcome, outcome_updated_at: p.outcomeUpdatedAt,
      hook_strategy_id: p.hook, raw_content: jp?.raw ?? null,
    });
    const versions = db.query(`SELECT v.generated_text, v.source, v.created_at, r.* FROM proposal_versions v JOIN desktop_revisions r ON r.version_id = v.id
      WHERE v.proposal_id = ? ORDER BY v.id`, [id]);
    const revisions = p.revisions ?? [];
    expect(versions.map((v) => [v.generated_text, v.created_at, v.revision_type, v.source])).toEqual(
      revisions.map((r) => [r.content, r.createdAt, r.type, r.type === 'generation' ? 'generated' : 'edited']),
    );
    // The oldest beyond the newest five came out of the compressed archive.
    expect(versions.map((v) => v.archived)).toEqual(revisions.map((_, i) => (i < revisions.length - 5 ? 1 : 0)));
    revisions.forEach((r, i) => {
      if (r.restoredFrom !== undefined) expect(versions[i].restored_from_desktop_id).toBe(versions[r.restoredFrom].desktop_id);
    });
    const overrides = db.query('SELECT timestamp, ai_score, threshold_at_override, status, user_feedback FROM desktop_safety_overrides WHERE proposal_id = ?', [id]);
    expect(overrides).toEqual(p.override ? [{ timestamp: p.override.at, ai_score: p.override.aiScore, threshold_at_override: p.override.threshold, status: p.override.status, user_feedback: p.override.feedback }] : []);
  }
  for (const j of JOB_POSTS) {
    const [row] = db.query('SELECT * FROM desktop_job_posts WHERE raw_content = ?', [j.raw]);
    expect(row, j.raw).toMatchObject({
      url: j.url, client_name: j.skills ? j.client : null, created_at: j.createdAt,
      skills: JSON.stringify(j.skills ?? []), hidden_needs: j.skills ? JSON.stringify(j.hiddenNeeds) : null,
      budget_min: j.budget?.min ?? null, budget_max: j.budget?.max ?? null, budget_type: j.budget?.type ?? 'unknown',
      budget_alignment_pct: j.budget?.pct ?? null, budget_alignment_status: j.budget?.status ?? 'gray',
      job_title: j.queue?.title ?? null, overall_score: j.queue?.overall ?? null, score_color: j.queue?.color ?? 'gray',
      source: j.rss ? 'rss' : 'manual', analysis_status: j.rss ? 'pending_analysis' : 'none',
    });
    const score = row.score === null ? null : JSON.parse(String(row.score));
    expect(score).toEqual(j.score ? {
      skills_match_percentage: j.score.skills, client_quality_score: j.score.client, budget_alignment_score: j.score.budget,
      overall_score: j.score.overall, color_flag: j.score.color, calculated_at: j.score.calculatedAt,
    } : null);
    const feedback = JSON.parse(String(row.feedback));
    expect(feedback).toEqual(j.feedback ? [expect.objectContaining({ reported_at: j.feedback.reportedAt, user_notes: j.feedback.notes, app_version: j.feedback.appVersion, overall_score_at_report: j.score?.overall })] : []);
  }
  expect(db.query('SELECT skill, added_at, is_primary FROM desktop_user_skills ORDER BY id')).toEqual(USER_SKILLS.map((s) => ({ skill: s.skill, added_at: s.addedAt, is_primary: s.primary })));
  expect(db.query('SELECT content, word_count, source_filename, created_at FROM desktop_golden_set ORDER BY id')).toEqual(
    GOLDEN_SET.map((g) => ({ content: g.content, word_count: g.content.split(/\s+/).filter(Boolean).length, source_filename: g.file, created_at: g.createdAt })),
  );
  const v = VOICE_PROFILE;
  expect(db.query('SELECT * FROM desktop_voice_profiles')).toEqual([expect.objectContaining({
    user_id: v.userId, tone_score: v.tone, technical_depth: v.depth, avg_sentence_length: v.sentence, vocabulary_complexity: v.vocabulary,
    structure_paragraphs_pct: v.paragraphs, structure_bullets_pct: v.bullets, common_phrases: JSON.stringify(v.phrases), sample_count: v.samples,
    calibration_source: v.source, length_preference: v.length, created_at: v.createdAt, updated_at: v.updatedAt,
  })]);
  const stored = Object.fromEntries(db.query('SELECT key, value FROM settings').map((r) => [r.key, r.value]));
  for (const [key, value] of Object.entries(SETTINGS)) {
    if (SECRET_SETTINGS.includes(key)) expect(stored[key], key).toBeUndefined();
    else if (key !== 'theme') expect(stored[key], key).toBe(value);
  }
  expect(getSettings(db).apiKey).toBe('');
  // This app's theme (V2 seeds light) is taken from a file only when it replaces the database.
  expect(getSettings(db).theme).toBe(settings === 'replaced' ? SETTINGS.theme : 'light');
}

