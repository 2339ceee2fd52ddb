// The dashboard against a history counted by hand (the numbers in the comments), in Berlin's
// time, across the year's end and the spring clock change.
import { describe, expect, it } from 'vitest';
import { migratedDb } from '../../testing/sqlite.ts';
import { localMidnight, localWeeks, sqliteUtc } from './calendar.ts';
import { dashboardData, firstSent } from './dashboard.ts';
import type { Db } from './db.ts';
import { updateDeal, writeOutcomeHistory } from './outcomes-repo.ts';
import type { Deal, Outcome } from './outcomes.ts';
import { createProposal, deleteProposal } from './proposals-repo.ts';
import { recordGeneration, templateLabel } from './generated-with.ts';

const ZONE = 'Europe/Berlin';
const LEAD = 'Lead with the result\nThen {{job}}';

function seed(db: Db) {
  const add = (client: string | null, history: [Outcome, string][], deal: Partial<Deal> = {}, model?: string, template?: string) => {
    const p = createProposal(db, { jobContent: `Job for ${client}`, clientName: client });
    if (template !== undefined) recordGeneration(db, p.id, { provider: 'anthropic', model: 'claude-z', template });
    writeOutcomeHistory(db, p.id, history.map(([outcome, changedAt]) => ({ outcome, changedAt })));
    updateDeal(db, p.id, deal);
    if (model) db.query(`INSERT INTO proposal_versions (proposal_id, generated_text, source, model) VALUES (?, 'g', 'generated', ?)`, [p.id, model]);
    return p.id;
  };
  // P1: sent 23:30 on Dec 31st in Berlin (week of Dec 29th); first reply 59.5 h later; hired.
  add('Acme', [['sent', '2025-12-31 22:30:00'], ['viewed', '2026-01-02 10:00:00'], ['replied', '2026-01-03 10:00:00'], ['interview', '2026-01-05 10:00:00'], ['hired', '2026-01-10 10:00:00']],
    { bidType: 'fixed', connectsSpent: 16, contractValue: 1000 }, 'claude-x', '');
  // P2: 23:30 UTC on Sunday Jan 4th is 00:30 on Monday in Berlin: the week of Jan 5th (UTC would say Dec 29th).
  add('Acme', [['sent', '2026-01-04 23:30:00'], ['no_reply', '2026-01-20 09:00:00']], { bidType: 'hourly', connectsSpent: 8 });
  // P3: 23:30 on Sunday Dec 21st in Berlin: the day before the period. Not counted.
  add('Acme', [['sent', '2025-12-21 22:30:00'], ['replied', '2025-12-22 10:00:00']], { connectsSpent: 100 });
  // P4: 00:30 on Monday March 30th in Berlin, summer time since the 29th (week of the 30th); reply after 12 h, then not hired.
  add('Globex', [['sent', '2026-03-29 22:30:00'], ['replied', '2026-03-30 10:30:00'], ['not_hired', '2026-04-02 08:00:00']],
    { bidType: 'hourly', connectsSpent: 12 }, 'gpt-y');
  // P5: 23:30 on Sunday March 29th in Berlin (week of the 23rd); viewed, then hired straight away 48 h after sending.
  add('Globex', [['sent', '2026-03-29 21:30:00'], ['viewed', '2026-03-30 08:00:00'], ['hired', '2026-03-31 21:30:00']],
    { bidType: 'fixed', connectsSpent: 20, contractValue: 500 }, undefined, LEAD);
  // P6: a draft, never sent.
  createProposal(db, { jobContent: 'Draft only' });
  // P7: Hired clicked by mistake and put back to Sent: it only got as far as sent.
  add(null, [['sent', '2026-02-10 12:00:00'], ['hired', '2026-02-11 12:00:00'], ['sent', '2026-02-11 12:05:00']], { connectsSpent: 4 });
  // P8: reply after 24 h, an interview, then not hired; no Connects recorded.
  add('Initech', [['sent', '2026-02-10 13:00:00'], ['replied', '2026-02-11 13:00:00'], ['interview', '2026-02-12 13:00:00'], ['not_hired', '2026-02-20 13:00:00']],
    { bidType: 'hourly' });
  // P9: deleted. P10: sent after the period.
  deleteProposal(db, add('Gone', [['sent', '2026-02-01 12:00:00'], ['hired', '2026-02-02 12:00:00']], { connectsSpent: 50 }));
  add('Later', [['sent', '2026-04-06 10:00:00']], { connectsSpent: 30 });
}

// Monday Dec 22nd 2025 to Monday April 6th 2026, Berlin.
const from = localMidnight(ZONE, 2025, 12, 22);
const to = localMidnight(ZONE, 2026, 4, 6);

describe('the dashboard', () => {
  it('matches the hand count: funnel, where they are now, Connects, first reply, contract value', async () => {
    const t = await migratedDb();
    seed(t.db);
    const { weeks } = localWeeks(ZONE, from, to);
    const d = dashboardData(t.db, { from: sqliteUtc(from), to: sqliteUtc(to), weeks });
    expect(d.from).toBe('2025-12-21 23:00:00');
    expect(d.to).toBe('2026-04-05 22:00:00');
    // P1 P2 P4 P5 P7 P8 sent; viewed or further: P1 P4 P5 P8; replied: P1 P4 P5 P8; interview: P1 P5 P8; hired: P1 P5.
    expect(d.funnel).toEqual({ sent: 6, viewed: 4, replied: 4, interview: 3, hired: 2 });
    expect(d.now).toEqual({ open: 1, hired: 2, notHired: 2, noReply: 1 });
    // 16 + 8 + 12 + 20 + 4 = 60 Connects over 5 proposals; 60 / 4 replies, 60 / 2 hires.
    expect(d.connects).toEqual({ spent: 60, proposalsWithConnects: 5, perReply: 15, perHire: 30 });
    expect(d.contractValue).toBe(1500);
    // 12, 24, 48, 59.5 hours: median 36, mean 35.875.
    expect(d.firstReply).toEqual({ count: 4, medianHours: expect.closeTo(36, 6), meanHours: expect.closeTo(35.875, 6) });
  });

  it('counts per local week, across the year’s end and the clock change', async () => {
    const t = await migratedDb();
    seed(t.db);
    const { weeks } = localWeeks(ZONE, from, to);
    const d = dashboardData(t.db, { from: sqliteUtc(from), to: sqliteUtc(to), weeks });
    expect(d.weeks).toHaveLength(15);
    const busy = d.weeks.filter((w) => w.sent > 0).map((w) => [w.label, w.sent, w.replied, w.interview, w.hired]);
    expect(busy).toEqual([
      ['2025-12-29', 1, 1, 1, 1], // P1
      ['2026-01-05', 1, 0, 0, 0], // P2
      ['2026-02-09', 2, 1, 1, 0], // P7, P8
      ['2026-03-23', 1, 1, 1, 1], // P5
      ['2026-03-30', 1, 1, 0, 0], // P4
    ]);
    expect(d.weeks.reduce((n, w) => n + w.sent, 0)).toBe(d.funnel.sent);
  });

  it('shows results by client, bid type, provider and model, and prompt template', async () => {
    const t = await migratedDb();
    seed(t.db);
    const d = dashboardData(t.db, { from: sqliteUtc(from), to: sqliteUtc(to), weeks: localWeeks(ZONE, from, to).weeks });
    const rows = (g: typeof d.byClient) => g.map((r) => [r.key, r.sent, r.replied, r.interview, r.hired, r.connects]);
    expect(rows(d.byClient)).toEqual([['Acme', 2, 1, 1, 1, 24], ['Globex', 2, 2, 1, 1, 32], ['Initech', 1, 1, 1, 0, 0], [null, 1, 0, 0, 0, 4]]);
    expect(rows(d.byBidType)).toEqual([['hourly', 3, 2, 1, 0, 20], ['fixed', 2, 2, 2, 2, 36], [null, 1, 0, 0, 0, 4]]);
    // P1 and P5 were generated (recorded); P4 only has a generated version kept; the rest by hand.
    expect(rows(d.byModel)).toEqual([[null, 3, 1, 1, 0, 12], ['anthropic · claude-z', 2, 2, 2, 2, 36], ['gpt-y', 1, 1, 0, 0, 12]]);
    expect(rows(d.byTemplate)).toEqual([[null, 4, 2, 1, 0, 24], ['Default template', 1, 1, 1, 1, 16], [templateLabel(LEAD), 1, 1, 1, 1, 20]]);
    expect(templateLabel(LEAD)).toMatch(/^Lead with the result #[0-9a-f]{6}$/);
    expect(templateLabel(`${LEAD} `)).not.toBe(templateLabel(LEAD));
  });

  it('says nothing rather than dividing by nothing: no proposals, one proposal', async () => {
    const t = await migratedDb();
    expect(firstSent(t.db)).toBeNull();
    const weeks = localWeeks(ZONE, from, to).weeks;
    const empty = dashboardData(t.db, { from: sqliteUtc(from), to: sqliteUtc(to), weeks });
    expect(empty).toMatchObject({ funnel: { sent: 0, hired: 0 }, firstReply: null, connects: { spent: 0, perReply: null, perHire: null }, byClient: [] });
    expect(empty.weeks.every((w) => w.sent === 0)).toBe(true);
    const p = createProposal(t.db, { jobContent: 'One' });
    writeOutcomeHistory(t.db, p.id, [{ outcome: 'sent', changedAt: '2026-01-07 10:00:00' }]);
    expect(firstSent(t.db)).toBe('2026-01-07 10:00:00');
    const one = dashboardData(t.db, { from: sqliteUtc(from), to: sqliteUtc(to), weeks });
    expect(one).toMatchObject({ funnel: { sent: 1, replied: 0 }, now: { open: 1 }, firstReply: null, connects: { perReply: null } });
  });
});
