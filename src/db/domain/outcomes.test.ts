import bundled from 'virtual:migrations';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../migrate/index.ts';
import { migratedDb, testDb } from '../../testing/sqlite.ts';
import {
  DESKTOP_OUTCOMES, OUTCOMES, checkDeal, outcomeFromDesktop, outcomeToDesktop, type Outcome,
} from './outcomes.ts';
import { outcomeCounts, outcomeHistory, setOutcome, updateDeal, writeOutcomeHistory } from './outcomes-repo.ts';
import { createProposal, getProposal, listProposals, purgeDeleted, deleteProposal, searchProposals, updateProposal, countProposals } from './proposals-repo.ts';

const LATEST = Math.max(...bundled.map((m) => m.version));
const history = (db: Parameters<typeof outcomeHistory>[0], id: number) => outcomeHistory(db, id).map((c) => c.outcome);

describe('the outcomes migration on a database of today (V4) with data', () => {
  it('keeps everything, and proposals marked sent become Sent, dated when they last changed', async () => {
    const t = testDb();
    await migrate(t.db, bundled.filter((m) => m.version <= 4));
    t.db.exec(`
      INSERT INTO proposals (id, job_content, generated_text, created_at, updated_at, status, client_name) VALUES
        (1, 'Draft job', 'draft text', '2026-01-02 03:04:05', NULL, 'draft', 'Acme'),
        (2, 'Sent job', 'sent text', '2026-01-03 10:00:00', '2026-01-04 11:00:00', 'sent', NULL),
        (3, 'Sent, never edited', 'x', '2026-01-05 12:00:00', NULL, 'sent', NULL),
        (4, 'Imported with an ISO date', 'y', '2026-01-06T13:14:15Z', NULL, 'sent', NULL);
      INSERT INTO proposal_versions (proposal_id, generated_text, source) VALUES (2, 'earlier', 'generated');
      INSERT INTO settings (key, value) VALUES ('model', 'kept-model');`);
    const before = t.db.query('SELECT id, job_content, generated_text, created_at, updated_at, status, client_name FROM proposals ORDER BY id');
    await migrate(t.db, bundled);
    expect(t.db.query('SELECT max(version) AS v FROM refinery_schema_history')).toEqual([{ v: LATEST }]);
    expect(t.db.query('SELECT id, job_content, generated_text, created_at, updated_at, status, client_name FROM proposals ORDER BY id')).toEqual(before);
    expect(t.db.query('SELECT count(*) AS n FROM proposal_versions')).toEqual([{ n: 1 }]);
    expect(t.db.query(`SELECT value FROM settings WHERE key = 'model'`)).toEqual([{ value: 'kept-model' }]);
    expect(t.db.query('SELECT id, outcome, outcome_changed_at FROM proposals ORDER BY id')).toEqual([
      { id: 1, outcome: 'draft', outcome_changed_at: null },
      { id: 2, outcome: 'sent', outcome_changed_at: '2026-01-04 11:00:00' },
      { id: 3, outcome: 'sent', outcome_changed_at: '2026-01-05 12:00:00' },
      { id: 4, outcome: 'sent', outcome_changed_at: '2026-01-06 13:14:15' },
    ]);
    expect(t.db.query('SELECT proposal_id, outcome, changed_at FROM proposal_outcomes ORDER BY proposal_id')).toEqual([
      { proposal_id: 2, outcome: 'sent', changed_at: '2026-01-04 11:00:00' },
      { proposal_id: 3, outcome: 'sent', changed_at: '2026-01-05 12:00:00' },
      { proposal_id: 4, outcome: 'sent', changed_at: '2026-01-06 13:14:15' },
    ]);
    expect(searchProposals(t.db, 'draft').map((h) => h.id)).toEqual([1]);
  });
});

describe('outcome changes', () => {
  it('go Draft → Sent → … → Hired, each dated in the history, with status following', async () => {
    const t = await migratedDb();
    const p = createProposal(t.db, { jobContent: 'Job' });
    expect(getProposal(t.db, p.id)).toMatchObject({ outcome: 'draft', outcomeChangedAt: null, status: 'draft' });
    const chain: Outcome[] = ['sent', 'viewed', 'replied', 'interview', 'hired'];
    chain.forEach((o, i) => expect(setOutcome(t.db, p.id, o, `2026-02-0${i + 1} 09:00:00`)).toBe(true));
    expect(outcomeHistory(t.db, p.id)).toEqual(chain.map((o, i) => ({ outcome: o, changedAt: `2026-02-0${i + 1} 09:00:00` })));
    expect(getProposal(t.db, p.id)).toMatchObject({ outcome: 'hired', outcomeChangedAt: '2026-02-05 09:00:00', status: 'sent' });
  });

  it('Sent keeps the text as sent (V5): a marked version and the date; back to Draft, not sent', async () => {
    const t = await migratedDb();
    const p = createProposal(t.db, { jobContent: 'Job', generatedText: 'The text I sent' });
    setOutcome(t.db, p.id, 'sent', '2026-02-01 09:00:00');
    const sent = getProposal(t.db, p.id)!;
    expect(sent).toMatchObject({ sentAt: '2026-02-01 09:00:00', versionCount: 1 });
    expect(t.db.query('SELECT generated_text FROM proposal_versions WHERE id = ?', [sent.sentVersionId])).toEqual([{ generated_text: 'The text I sent' }]);
    setOutcome(t.db, p.id, 'replied');
    expect(getProposal(t.db, p.id)).toMatchObject({ sentAt: '2026-02-01 09:00:00', sentVersionId: sent.sentVersionId });
    setOutcome(t.db, p.id, 'draft');
    expect(getProposal(t.db, p.id)).toMatchObject({ sentAt: null, sentVersionId: null, status: 'draft' });
  });

  it('the same outcome again adds nothing; a correction back is kept as a change; Draft makes it a draft again', async () => {
    const t = await migratedDb();
    const p = createProposal(t.db, { jobContent: 'Job' });
    setOutcome(t.db, p.id, 'sent');
    expect(setOutcome(t.db, p.id, 'sent')).toBe(false);
    setOutcome(t.db, p.id, 'hired');
    setOutcome(t.db, p.id, 'replied');
    expect(history(t.db, p.id)).toEqual(['sent', 'hired', 'replied']);
    setOutcome(t.db, p.id, 'draft');
    expect(getProposal(t.db, p.id)).toMatchObject({ outcome: 'draft', status: 'draft' });
    expect(outcomeHistory(t.db, p.id).every((c) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(c.changedAt))).toBe(true);
  });

  it('refuses what is not an outcome or not a date, and changes nothing', async () => {
    const t = await migratedDb();
    const p = createProposal(t.db, { jobContent: 'Job' });
    expect(() => setOutcome(t.db, p.id, 'won' as Outcome)).toThrow(/"won" is not an outcome/);
    expect(() => setOutcome(t.db, p.id, 'sent', 'yesterday')).toThrow(/not a date: "yesterday"/);
    expect(() => setOutcome(t.db, 999, 'sent')).toThrow(/Proposal 999 does not exist/);
    expect(() => t.db.exec(`INSERT INTO proposal_outcomes (proposal_id, outcome) VALUES (${p.id}, 'won')`)).toThrow(/CHECK constraint/);
    expect(history(t.db, p.id)).toEqual([]);
    expect(getProposal(t.db, p.id)?.outcome).toBe('draft');
  });

  it('an older build setting status alone (another tab, its import) changes the outcome too', async () => {
    const t = await migratedDb();
    const p = createProposal(t.db, { jobContent: 'Job' });
    updateProposal(t.db, p.id, { status: 'sent' });
    expect(getProposal(t.db, p.id)).toMatchObject({ outcome: 'sent', status: 'sent' });
    setOutcome(t.db, p.id, 'interview');
    updateProposal(t.db, p.id, { status: 'sent' }); // already sent: the interview stays
    expect(getProposal(t.db, p.id)?.outcome).toBe('interview');
    t.db.exec(`UPDATE proposals SET status = 'draft' WHERE id = ${p.id}`);
    expect(getProposal(t.db, p.id)).toMatchObject({ outcome: 'draft', status: 'draft' });
    expect(history(t.db, p.id)).toEqual(['sent', 'interview', 'draft']);
    // The old import inserted status 'sent' with the file's dates.
    t.db.exec(`INSERT INTO proposals (job_content, generated_text, created_at, updated_at, status) VALUES ('Old file', 't', '2025-12-30 08:00:00', '2025-12-31 09:30:00', 'sent')`);
    const [old] = listProposals(t.db, 0, 1, { client: '', query: 'file' });
    expect(getProposal(t.db, old.id)).toMatchObject({ outcome: 'sent', outcomeChangedAt: '2025-12-31 09:30:00' });
  });

  it('an imported history is written in date order and its newest is the outcome; deleting a proposal for good drops it', async () => {
    const t = await migratedDb();
    t.db.exec('PRAGMA foreign_keys = ON'); // as the app opens it (startup.ts)
    const p = createProposal(t.db, { jobContent: 'Job' });
    writeOutcomeHistory(t.db, p.id, [
      { outcome: 'replied', changedAt: '2026-03-03T10:00:00Z' }, { outcome: 'sent', changedAt: '2026-03-01 10:00:00' },
    ]);
    expect(outcomeHistory(t.db, p.id)).toEqual([{ outcome: 'sent', changedAt: '2026-03-01 10:00:00' }, { outcome: 'replied', changedAt: '2026-03-03 10:00:00' }]);
    expect(getProposal(t.db, p.id)).toMatchObject({ outcome: 'replied', outcomeChangedAt: '2026-03-03 10:00:00' });
    expect(() => writeOutcomeHistory(t.db, p.id, [{ outcome: 'hired', changedAt: '2026-03-09 10:00:00' }, { outcome: 'sent', changedAt: 'nope' }])).toThrow(/not a date/);
    expect(history(t.db, p.id)).toEqual(['sent', 'replied']);
    deleteProposal(t.db, p.id);
    t.db.exec(`UPDATE proposals SET deleted_at = datetime('now', '-31 days')`); // past the trash's 30 days
    expect(purgeDeleted(t.db)).toBe(1);
    expect(t.db.query('SELECT count(*) AS n FROM proposal_outcomes')).toEqual([{ n: 0 }]);
  });
});

describe('the desktop app’s outcomes', () => {
  it('map one to one onto ours, and back', () => {
    const ours = Object.values(DESKTOP_OUTCOMES);
    expect(new Set(ours).size).toBe(7);
    for (const [desktop, outcome] of Object.entries(DESKTOP_OUTCOMES)) {
      expect(outcomeFromDesktop(desktop)).toBe(outcome);
      expect(outcomeToDesktop(outcome)).toBe(desktop);
    }
    expect(outcomeFromDesktop('rejected')).toBe('not_hired');
    expect(outcomeFromDesktop('response_received')).toBe('replied');
    expect(() => outcomeFromDesktop('ghosted', 'proposal 3')).toThrow(/proposal 3: "ghosted" is not one of the desktop app's outcomes/);
    expect(OUTCOMES.filter((o) => !ours.includes(o as never))).toEqual(['viewed']);
  });
});

describe('the deal', () => {
  it('stores bid, Connects and contract value, and refuses bad values without changing anything', async () => {
    const t = await migratedDb();
    const p = createProposal(t.db, { jobContent: 'Job' });
    updateDeal(t.db, p.id, { bidAmount: 45.5, bidType: 'hourly', bidCurrency: 'eur', connectsSpent: 16 });
    expect(getProposal(t.db, p.id)?.deal).toEqual({ bidAmount: 45.5, bidType: 'hourly', bidCurrency: 'EUR', connectsSpent: 16, contractValue: null });
    expect(() => updateDeal(t.db, p.id, { connectsSpent: 2.5 })).toThrow(/Connects spent must be a whole number/);
    expect(() => updateDeal(t.db, p.id, { bidAmount: -1 })).toThrow(/The bid must be a number of 0 or more, not -1/);
    expect(() => updateDeal(t.db, p.id, { bidType: 'weekly' as 'fixed' })).toThrow(/bid type must be "hourly" or "fixed"/);
    expect(() => updateDeal(t.db, p.id, { bidCurrency: 'dollars' })).toThrow(/three-letter code/);
    expect(() => checkDeal({ contractValue: Number.NaN })).toThrow(/contract value/);
    updateDeal(t.db, p.id, { contractValue: 1200, bidAmount: null });
    expect(getProposal(t.db, p.id)?.deal).toEqual({ bidAmount: null, bidType: 'hourly', bidCurrency: 'EUR', connectsSpent: 16, contractValue: 1200 });
  });
});

describe('finding by outcome', () => {
  it('filters by outcome, dates, client and words, counts each outcome, and sorts by the last change', async () => {
    const t = await migratedDb();
    const mk = (job: string, client: string | null, created: string, outcome: Outcome | null, at?: string) => {
      const p = createProposal(t.db, { jobContent: job, clientName: client });
      t.db.query('UPDATE proposals SET created_at = ? WHERE id = ?', [created, p.id]);
      if (outcome) setOutcome(t.db, p.id, outcome, at);
      return p.id;
    };
    const a = mk('Svelte dashboard', 'Acme Corp', '2026-01-10 10:00:00', 'replied', '2026-01-20 10:00:00');
    const b = mk('React dashboard', 'Globex', '2026-01-11 10:00:00', 'interview', '2026-01-12 10:00:00');
    const c = mk('Svelte store', 'acme', '2026-01-12 10:00:00', 'replied', '2026-01-13 10:00:00');
    const d = mk('Logo design', null, '2026-02-01 10:00:00', null);
    const ids = (f: Parameters<typeof listProposals>[3]) => listProposals(t.db, 0, 50, f).map((p) => p.id);
    expect(ids({})).toEqual([d, c, b, a]);
    expect(ids({ outcomes: ['replied'] })).toEqual([c, a]);
    expect(ids({ outcomes: ['replied', 'interview'], sort: 'changed' })).toEqual([a, c, b]);
    expect(ids({ client: 'ACME' })).toEqual([c, a]);
    expect(ids({ from: '2026-01-11 00:00:00', to: '2026-01-12 10:00:00' })).toEqual([b]);
    expect(ids({ from: '2026-01-13 00:00:00', sort: 'changed' })).toEqual([d, a, c]);
    expect(ids({ query: 'svelte', outcomes: ['replied'] })).toEqual([c, a]);
    expect(searchProposals(t.db, 'dashboard', 50, { outcomes: ['interview'] }).map((h) => h.id)).toEqual([b]);
    expect(searchProposals(t.db, 'dashboard', 50, { client: 'acme' }).map((h) => [h.id, h.outcome])).toEqual([[a, 'replied']]);
    expect(countProposals(t.db, { outcomes: ['replied'], client: 'acme' })).toBe(2);
    const counts = outcomeCounts(t.db, { outcomes: ['replied'], query: 'dashboard' });
    expect(counts).toMatchObject({ all: 2, replied: 1, interview: 1, draft: 0, hired: 0 });
  });
});
