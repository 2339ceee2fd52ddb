import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { migratedDb } from '../../testing/sqlite.ts';
import { historyRows, HISTORY_COLUMNS, type HistoryRow } from '../../db/domain/history-export.ts';
import { setOutcome, updateDeal } from '../../db/domain/outcomes-repo.ts';
import { createProposal } from '../../db/domain/proposals-repo.ts';
import { historyCsv } from './history-csv.ts';

const row = (over: Partial<HistoryRow>): HistoryRow => ({ ...Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, null])), id: 1, ...over } as HistoryRow);
const parse = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { newline: '\r\n' }).data;

describe('the history as CSV', () => {
  it('quotes commas, quotes and line breaks so every cell comes back whole', () => {
    const text = 'Line one, with a comma\nand "quotes"\r\nand more';
    const csv = historyCsv([row({ proposal: text, client: 'Smith, Jones & Co' })]);
    expect(csv.startsWith('\uFEFFid,title,client,')).toBe(true);
    const [header, cells] = parse(csv);
    expect(header).toEqual([...HISTORY_COLUMNS]);
    expect(cells[HISTORY_COLUMNS.indexOf('proposal')]).toBe(text);
    expect(cells[HISTORY_COLUMNS.indexOf('client')]).toBe('Smith, Jones & Co');
  });

  it('defuses cells a spreadsheet would run as formulas, a multi-line one too, and leaves numbers alone', () => {
    const risky = ['=HYPERLINK("http://evil","x")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '=cmd|\'/c calc\'!A0\nsecond line'];
    const csv = historyCsv(risky.map((t, i) => row({ id: i, title: t, bid_amount: 12.5 })));
    const rows = parse(csv).slice(1);
    expect(rows.map((r) => r[HISTORY_COLUMNS.indexOf('title')])).toEqual(risky.map((t) => `'${t}`));
    expect(rows[0][HISTORY_COLUMNS.indexOf('bid_amount')]).toBe('12.5');
    expect(historyCsv([row({ title: 'Plain - with a dash inside' })])).toContain(',Plain - with a dash inside,');
  });

  it('holds each proposal’s outcome, its dated changes and its deal', async () => {
    const t = await migratedDb();
    const p = createProposal(t.db, { jobContent: 'Job title\nbody', generatedText: 'Hi', clientName: 'Acme' });
    setOutcome(t.db, p.id, 'sent', '2026-01-02 10:00:00');
    setOutcome(t.db, p.id, 'not_hired', '2026-01-05 10:00:00');
    updateDeal(t.db, p.id, { bidAmount: 40, bidType: 'hourly', bidCurrency: 'USD', connectsSpent: 12 });
    const [cells] = parse(historyCsv(historyRows(t.db))).slice(1);
    const at = (c: (typeof HISTORY_COLUMNS)[number]) => cells[HISTORY_COLUMNS.indexOf(c)];
    expect([at('title'), at('client'), at('outcome'), at('sent_at'), at('bid_amount'), at('bid_type'), at('connects_spent')])
      .toEqual(['Job title', 'Acme', 'Not hired', '2026-01-02 10:00:00', '40', 'hourly', '12']);
    expect(at('outcome_history')).toBe('Sent 2026-01-02 10:00:00; Not hired 2026-01-05 10:00:00');
  });
});
