// Outcomes, their history and the deal in the JSON export and import; older files still import.
import { describe, expect, it } from 'vitest';
import { migratedDb } from '../../testing/sqlite.ts';
import { parseExportFile } from './export-format.ts';
import { buildExport, importExport, importJsonText } from './export-import.ts';
import { outcomeHistory, setOutcome, updateDeal } from './outcomes-repo.ts';
import { createProposal, getProposal, listProposals } from './proposals-repo.ts';
import { recordGeneration } from './generated-with.ts';

const file = (proposals: unknown[]) => JSON.stringify({ metadata: { export_date: '2026-01-01T00:00:00Z', app_version: 'x' }, proposals });

describe('outcomes in the JSON export', () => {
  it('go out and come back: outcome, every dated change, bid, Connects, contract value', async () => {
    const a = await migratedDb();
    const p = createProposal(a.db, { jobContent: 'Won job', generatedText: 'text' });
    setOutcome(a.db, p.id, 'sent', '2026-01-02 10:00:00');
    setOutcome(a.db, p.id, 'replied', '2026-01-03 11:00:00');
    setOutcome(a.db, p.id, 'hired', '2026-01-09 12:00:00');
    updateDeal(a.db, p.id, { bidAmount: 1500, bidType: 'fixed', bidCurrency: 'USD', connectsSpent: 14, contractValue: 1400 });
    recordGeneration(a.db, p.id, { provider: 'openai', model: 'gpt-x', template: 'My template\nbody' });
    createProposal(a.db, { jobContent: 'Just a draft' });
    const exported = buildExport(a.db, '1');
    expect(exported.proposals[0]).toMatchObject({
      outcome: 'hired', status: 'sent', bid_amount: 1500, bid_type: 'fixed', bid_currency: 'USD', connects_spent: 14, contract_value: 1400,
      generated_provider: 'openai', generated_model: 'gpt-x', generated_template: expect.stringMatching(/^My template #/),
      outcome_history: [{ outcome: 'sent', changed_at: '2026-01-02 10:00:00' }, { outcome: 'replied', changed_at: '2026-01-03 11:00:00' }, { outcome: 'hired', changed_at: '2026-01-09 12:00:00' }],
    });
    const b = await migratedDb();
    importExport(b.db, parseExportFile(JSON.stringify(exported)));
    const [won] = listProposals(b.db, 0, 10, { outcomes: ['hired'] });
    expect(getProposal(b.db, won.id)).toMatchObject({ outcome: 'hired', outcomeChangedAt: '2026-01-09 12:00:00', status: 'sent', deal: { contractValue: 1400, connectsSpent: 14 } });
    expect(outcomeHistory(b.db, won.id).map((c) => c.outcome)).toEqual(['sent', 'replied', 'hired']);
    const back = buildExport(b.db, '1').proposals.map(({ id: _, ...rest }) => rest);
    expect(back).toEqual(exported.proposals.map(({ id: _, ...rest }) => rest));
  });

  it('an older file (status only) still imports: sent becomes Sent, dated when it last changed', async () => {
    const t = await migratedDb();
    importJsonText(t.db, file([
      { job_content: 'Old sent', generated_text: 'a', created_at: '2025-06-01 10:00:00', updated_at: '2025-06-02 10:00:00', status: 'sent' },
      { job_content: 'Old draft', generated_text: 'b', created_at: '2025-06-01 10:00:00', updated_at: null },
    ]));
    const rows = listProposals(t.db).map((p) => [p.title, p.outcome, p.outcomeChangedAt]);
    expect(rows).toEqual(expect.arrayContaining([['Old sent', 'sent', '2025-06-02 10:00:00'], ['Old draft', 'draft', null]]));
  });

  it('takes the desktop app’s outcome_status and its date', async () => {
    const t = await migratedDb();
    importJsonText(t.db, file([
      { job_content: 'Desktop', generated_text: 'a', created_at: '2025-06-01 10:00:00', updated_at: null, outcome_status: 'rejected', outcome_updated_at: '2025-06-05 08:00:00' },
    ]));
    const [p] = listProposals(t.db);
    expect(p).toMatchObject({ outcome: 'not_hired', outcomeChangedAt: '2025-06-05 08:00:00', status: 'sent' });
  });

  it('refuses bad outcome fields, naming them, and imports nothing', async () => {
    const t = await migratedDb();
    const base = { job_content: 'J', generated_text: 'a', created_at: '2025-06-01 10:00:00', updated_at: null };
    const bad: [unknown, RegExp][] = [
      [{ ...base, outcome: 'won' }, /proposal 2: outcome must be one of draft, sent/],
      [{ ...base, outcome_history: [{ outcome: 'sent', changed_at: 'soon' }] }, /proposal 2, outcome change 1: changed_at is not a date/],
      [{ ...base, connects_spent: -2 }, /proposal 2: Connects spent must be a whole number of 0 or more/],
      [{ ...base, bid_type: 'weekly' }, /proposal 2: The bid type must be "hourly" or "fixed"/],
      [{ ...base, status: 'draft', outcome: 'hired' }, /status "draft" does not go with outcome "hired"/],
      [{ ...base, outcome_status: 'ghosted' }, /proposal 2: outcome_status: "ghosted" is not one of the desktop app's outcomes/],
    ];
    // The bad proposal comes second: the first, fine, must not be imported either.
    for (const [p, message] of bad) expect(() => importJsonText(t.db, file([{ ...base, job_content: 'fine' }, p]))).toThrow(message);
    expect(listProposals(t.db)).toEqual([]);
  });
});
