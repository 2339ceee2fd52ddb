import bundled from 'virtual:migrations';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../migrate/index.ts';
import { migratedDb, testDb } from '../../testing/sqlite.ts';
import {
  countProposals, createProposal, deleteProposal, getProposal, keepVersion, listProposals, listVersions,
  beginGeneration, emptyTrash, finishGeneration, listTrash, purgeDeleted, restoreProposal, searchProposals, updateProposal,
} from './proposals-repo.ts';
import { MARK_END, MARK_START } from './proposal.ts';

const migrated = migratedDb;

describe('V3 on a database from V2', () => {
  it('keeps every proposal and indexes it for search', async () => {
    const t = testDb();
    await migrate(t.db, bundled.filter((m) => m.version <= 2));
    t.db.exec(`INSERT INTO proposals (job_content, generated_text, created_at) VALUES ('Need a Svelte expert', 'Hello there', '2025-01-02 03:04:05')`);
    await migrate(t.db, bundled);
    const [p] = listProposals(t.db);
    expect(p).toMatchObject({ title: 'Need a Svelte expert', status: 'draft', createdAt: '2025-01-02 03:04:05' });
    expect(searchProposals(t.db, 'svelte').map((h) => h.id)).toEqual([p.id]);
  });
});

describe('proposals', () => {
  it('creates, lists newest first, and counts', async () => {
    const t = await migrated();
    const a = createProposal(t.db, { jobContent: 'First job', generatedText: 'one' });
    const b = createProposal(t.db, { jobContent: '\n  Second job\nmore', clientName: '  Acme  ' });
    expect(a).toMatchObject({ jobContent: 'First job', generatedText: 'one', status: 'draft', updatedAt: null, versionCount: 0 });
    expect(b.clientName).toBe('Acme');
    expect(listProposals(t.db).map((p) => [p.id, p.title])).toEqual([[b.id, 'Second job'], [a.id, 'First job']]);
    expect(listProposals(t.db, 1, 1).map((p) => p.id)).toEqual([a.id]);
    expect(countProposals(t.db)).toBe(2);
  });

  it('updates only what changed and moves updated_at only then', async () => {
    const t = await migrated();
    const p = createProposal(t.db, { jobContent: 'Job' });
    expect(updateProposal(t.db, p.id, { jobContent: 'Job' }).updatedAt).toBeNull();
    const q = updateProposal(t.db, p.id, { generatedText: 'Proposal', status: 'sent', jobUrl: 'https://www.upwork.com/jobs/~01' });
    expect(q).toMatchObject({ generatedText: 'Proposal', status: 'sent', jobUrl: 'https://www.upwork.com/jobs/~01' });
    expect(q.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2} /);
  });

  it('refuses a link that is not a web address, and a status that does not exist', async () => {
    const t = await migrated();
    const p = createProposal(t.db, { jobContent: 'Job' });
    expect(() => updateProposal(t.db, p.id, { jobUrl: 'javascript:alert(1)' })).toThrow(/not a web link/);
    expect(() => updateProposal(t.db, p.id, { status: 'won' as 'sent' })).toThrow(/"won" is not a status/);
    expect(getProposal(t.db, p.id)).toMatchObject({ jobUrl: null, status: 'draft' });
  });

  it('deletes softly, restores on undo, and purges for good later', async () => {
    const t = await migrated();
    const p = createProposal(t.db, { jobContent: 'Deletable job' });
    deleteProposal(t.db, p.id);
    expect(listProposals(t.db)).toEqual([]);
    expect(searchProposals(t.db, 'deletable')).toEqual([]);
    expect(restoreProposal(t.db, p.id).id).toBe(p.id);
    deleteProposal(t.db, p.id);
    // The trash keeps it 30 days: restorable after a start-up the next day, or the 29th.
    expect(purgeDeleted(t.db)).toBe(0);
    t.db.query(`UPDATE proposals SET deleted_at = datetime('now', '-29 days') WHERE id = ?`, [p.id]);
    expect(purgeDeleted(t.db)).toBe(0);
    expect(listTrash(t.db).map((x) => x.id)).toEqual([p.id]);
    t.db.query(`UPDATE proposals SET deleted_at = datetime('now', '-30 days', '-1 minutes') WHERE id = ?`, [p.id]);
    expect(purgeDeleted(t.db)).toBe(1);
    expect(() => restoreProposal(t.db, p.id)).toThrow(/does not exist/);
  });

  it('the trash lists deleted proposals, last deleted first, and empties on request', async () => {
    const t = await migrated();
    const a = createProposal(t.db, { jobContent: 'Kept job' });
    const b = createProposal(t.db, { jobContent: 'Binned first' });
    const c = createProposal(t.db, { jobContent: 'Binned second', clientName: 'Acme' });
    deleteProposal(t.db, b.id);
    t.db.query(`UPDATE proposals SET deleted_at = datetime('now', '-2 days') WHERE id = ?`, [b.id]);
    deleteProposal(t.db, c.id);
    expect(listTrash(t.db).map((x) => [x.title, x.clientName])).toEqual([['Binned second', 'Acme'], ['Binned first', null]]);
    expect(emptyTrash(t.db).sort()).toEqual([b.id, c.id].sort());
    expect(listTrash(t.db)).toEqual([]);
    expect(listProposals(t.db).map((x) => x.id)).toEqual([a.id]);
  });

  it('a save made from an older text keeps the text another tab wrote meanwhile as a version', async () => {
    const t = await migrated();
    const p = createProposal(t.db, { jobContent: 'Shared', generatedText: 'Start' });
    updateProposal(t.db, p.id, { generatedText: 'From tab b' }); // tab b saved
    const saved = updateProposal(t.db, p.id, { generatedText: 'From tab a' }, { generatedText: 'Start' }); // tab a still had 'Start'
    expect(saved).toMatchObject({ generatedText: 'From tab a', keptOtherText: true, versionCount: 1 });
    expect(listVersions(t.db, p.id).map((v) => v.generatedText)).toEqual(['From tab b']);
    // From the text it had: nothing to keep.
    expect(updateProposal(t.db, p.id, { generatedText: 'Again a' }, { generatedText: 'From tab a' })).not.toHaveProperty('keptOtherText');
    expect(listVersions(t.db, p.id)).toHaveLength(1);
  });

  it('keeps earlier versions, once each, newest first, each with where it came from as recorded', async () => {
    const t = await migrated();
    const p = createProposal(t.db, { jobContent: 'Job', generatedText: 'v1' });
    keepVersion(t.db, p.id, 'generated', 'model-a'); // a wrong guess: v1 was typed, it is recorded so
    keepVersion(t.db, p.id, 'generated', 'model-a'); // same text: not kept twice
    // A generation: the stream's saves keep it the model's; when it ends it is written.
    beginGeneration(t.db, p.id, 'model-b');
    updateProposal(t.db, p.id, { generatedText: '', streaming: true });
    updateProposal(t.db, p.id, { generatedText: 'v2', streaming: true });
    expect(getProposal(t.db, p.id)).toMatchObject({ textSource: 'generated', textModel: 'model-b', generationUnfinished: true, textWrittenAt: null });
    expect(finishGeneration(t.db, p.id, true)).toMatchObject({ textSource: 'generated', textModel: 'model-b', generationUnfinished: false, textWrittenAt: expect.stringMatching(/^\d{4}-/) });
    keepVersion(t.db, p.id, 'edited'); // a wrong guess again: it is the model's
    // Edited by hand: the user's now, no model.
    updateProposal(t.db, p.id, { generatedText: 'v3' });
    expect(getProposal(t.db, p.id)).toMatchObject({ textSource: 'edited', textModel: null });
    keepVersion(t.db, p.id, 'generated', 'ignored');
    expect(listVersions(t.db, p.id).map((v) => [v.generatedText, v.source, v.model, typeof v.writtenAt])).toEqual([
      ['v3', 'edited', null, 'string'], ['v2', 'generated', 'model-b', 'string'], ['v1', 'edited', null, 'string'],
    ]);
    expect(getProposal(t.db, p.id)!.versionCount).toBe(3);
  });

  it('a generation cut off stays marked unfinished until the text is edited by hand', async () => {
    const t = await migrated();
    const p = createProposal(t.db, { jobContent: 'Job' });
    beginGeneration(t.db, p.id, 'm');
    updateProposal(t.db, p.id, { generatedText: 'Dear client, he', streaming: true });
    expect(getProposal(t.db, p.id)!.generationUnfinished).toBe(true); // the page closed here
    expect(finishGeneration(t.db, p.id, false).generationUnfinished).toBe(true); // or the connection broke
    updateProposal(t.db, p.id, { generatedText: 'Dear client, here is my plan.' });
    expect(getProposal(t.db, p.id)!.generationUnfinished).toBe(false);
  });

  it('Sent keeps the text as sent, marked, with the date; a later change never loses it', async () => {
    const t = await migrated();
    const p = createProposal(t.db, { jobContent: 'Job', generatedText: 'As sent' });
    const sent = updateProposal(t.db, p.id, { status: 'sent' });
    expect(sent).toMatchObject({ status: 'sent', sentAt: expect.stringMatching(/^\d{4}-/), versionCount: 1 });
    const [kept] = listVersions(t.db, p.id);
    expect(kept).toMatchObject({ id: sent.sentVersionId, generatedText: 'As sent' });
    beginGeneration(t.db, p.id, 'm'); // the sent text is kept already: not twice
    updateProposal(t.db, p.id, { generatedText: 'Rewritten after sending' });
    expect(listVersions(t.db, p.id).map((v) => v.generatedText)).toEqual(['As sent']);
    expect(getProposal(t.db, p.id)).toMatchObject({ status: 'sent', sentVersionId: kept.id });
    expect(updateProposal(t.db, p.id, { status: 'draft' })).toMatchObject({ status: 'draft', sentAt: null, sentVersionId: null });
  });
});

describe('search', () => {
  it('ranks job-post matches first, highlights words, and stays in sync with edits', async () => {
    const t = await migrated();
    const inText = createProposal(t.db, { jobContent: 'Build an API', generatedText: 'I love React and Node.' });
    const inJob = createProposal(t.db, { jobContent: 'React developer for a dashboard', generatedText: 'Hello' });
    const hits = searchProposals(t.db, 'reac');
    expect(hits.map((h) => h.id)).toEqual([inJob.id, inText.id]);
    expect(hits[0].title).toBe(`${MARK_START}React${MARK_END} developer for a dashboard`);
    expect(hits[1].proposalSnippet).toContain(`${MARK_START}React${MARK_END}`);

    updateProposal(t.db, inJob.id, { jobContent: 'Vue developer' });
    expect(searchProposals(t.db, 'react').map((h) => h.id)).toEqual([inText.id]);
    expect(searchProposals(t.db, 'vue').map((h) => h.id)).toEqual([inJob.id]);
  });

  it('matches accents loosely and never fails on odd input', async () => {
    const t = await migrated();
    const p = createProposal(t.db, { jobContent: 'Café menu website' });
    expect(searchProposals(t.db, 'cafe').map((h) => h.id)).toEqual([p.id]);
    for (const odd of ['"', 'AND', 'a OR', 'NEAR(', '*', ':', '(((', "'; DROP TABLE proposals; --"]) {
      expect(() => searchProposals(t.db, odd)).not.toThrow();
    }
    expect(countProposals(t.db)).toBe(1);
  });
});
