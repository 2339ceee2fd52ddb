// Outcomes (issue 17): set by keyboard in the editor and the list, found by filters that live in
// the address, seen at once by another tab, and the dashboard's hand-counted numbers.
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, expectReady, expectTitles, saveProposal, test } from './fixtures.ts';

const list = (page: Page) => page.getByRole('list', { name: /^Proposals, newest first/ });
const editorOutcome = (page: Page) => page.getByRole('combobox', { name: 'Outcome', exact: true });
const chip = (page: Page, name: RegExp) => page.getByRole('toolbar', { name: 'Show outcomes' }).getByRole('button', { name });

test('outcomes set by keyboard in the editor and the list, dated, filtered with the address kept, seen by a second tab', async ({ app: page, context }) => {
  await saveProposal(page, 'Svelte dashboard for Acme', 'I build Svelte dashboards.');
  await page.getByRole('textbox', { name: 'Client (optional)' }).fill('Acme');
  await saveProposal(page, 'React store for Globex', 'React is my thing.');
  await saveProposal(page, 'Logo design', 'A logo.');

  // The editor: focus the outcome, the keyboard alone moves it on (Draft → Sent → Viewed).
  await editorOutcome(page).focus();
  await page.keyboard.press('ArrowDown');
  await expect(editorOutcome(page)).toHaveValue('sent');
  await page.keyboard.press('ArrowDown');
  await expect(editorOutcome(page)).toHaveValue('viewed');
  await expect(list(page).getByRole('combobox', { name: 'Outcome of Logo design' })).toHaveValue('viewed');
  await page.getByText(/^Bid, Connects and outcome history/).click();
  await expect(page.getByRole('list', { name: 'Outcome changes, oldest first' }).getByRole('listitem')).toHaveText([/^Sent /, /^Viewed /]);
  await page.getByRole('spinbutton', { name: 'Connects spent' }).fill('16');
  await page.getByRole('spinbutton', { name: 'Connects spent' }).press('Tab');
  await expect(page.getByText(/^Bid, Connects and outcome history \(16 Connects\)/)).toBeVisible();

  // The list: a row, then the right arrow to its outcome, type to choose.
  const react = list(page).getByRole('combobox', { name: 'Outcome of React store for Globex' });
  await list(page).getByRole('button', { name: /^React store for Globex/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(react).toBeFocused();
  await page.keyboard.type('rep');
  await expect(react).toHaveValue('replied');
  const svelte = list(page).getByRole('combobox', { name: 'Outcome of Svelte dashboard for Acme' });
  await svelte.focus();
  await page.keyboard.type('int');
  await expect(svelte).toHaveValue('interview');
  // The open proposal's outcome set from the list: the editor follows.
  const logo = list(page).getByRole('combobox', { name: 'Outcome of Logo design' });
  await logo.selectOption('replied');
  await expect(editorOutcome(page)).toHaveValue('replied');
  await logo.selectOption('viewed');
  await expect(editorOutcome(page)).toHaveValue('viewed');

  // A second tab sees an outcome change at once.
  const other = await context.newPage();
  await other.goto(page.url());
  await expectReady(other);
  const otherSvelte = list(other).getByRole('combobox', { name: 'Outcome of Svelte dashboard for Acme' });
  await expect(otherSvelte).toHaveValue('interview');
  await svelte.selectOption('hired');
  await expect(otherSvelte).toHaveValue('hired');

  // Filters: counts per outcome, by outcome and client, with the words; kept by the address.
  await expect(chip(page, /^All 3$/)).toBeVisible();
  await expect(chip(page, /^Replied 1$/)).toBeVisible();
  await chip(page, /^Replied/).click();
  await chip(page, /^Viewed/).click();
  await expectTitles(page, ['Logo design', 'React store for Globex']);
  expect(new URL(page.url()).searchParams.get('outcome')).toBe('viewed,replied');
  await page.getByRole('searchbox', { name: 'Search proposals' }).fill('react');
  await expect(page.getByRole('list', { name: 'Search results, best first' }).getByRole('button')).toHaveText([/^React store for Globex/]);
  await page.getByRole('searchbox', { name: 'Search proposals' }).fill('');
  await page.reload();
  await expectReady(page);
  await expect(chip(page, /^Replied/)).toHaveAttribute('aria-pressed', 'true');
  await expectTitles(page, ['Logo design', 'React store for Globex']);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByText('Dates, client, sort').click();
  await page.getByRole('searchbox', { name: 'Client' }).fill('acm');
  await expectTitles(page, ['Svelte dashboard for Acme']);
  await expect(chip(page, /^All 1$/)).toBeVisible();
  expect(new URL(page.url()).searchParams.get('client')).toBe('acm');
  await other.close();

  // Words and characters as typed, and Upwork's 5,000-character limit (in a new proposal: a sent one asks before a change).
  await page.getByRole('button', { name: /^New proposal/ }).click();
  const proposal = page.getByRole('textbox', { name: 'Proposal' });
  await proposal.fill('Three short words');
  await expect(page.locator('#proposal-counts')).toHaveText('3 words · 17 / 5,000 characters');
  await proposal.fill('x'.repeat(4600));
  await expect(page.locator('#proposal-counts')).toContainText('close to Upwork’s cover-letter limit');
  await proposal.fill(`${'word '.repeat(999)}words!`);
  await expect(page.locator('#proposal-counts')).toHaveText('1,000 words · 5,001 / 5,000 characters · 1 over Upwork’s cover-letter limit: Upwork will not take it as it is.');

  // The CSV export holds the outcomes.
  await page.getByRole('button', { name: 'Database', exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export history (CSV)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^upwork-researcher-history-\d{8}T\d{9}Z\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('\uFEFFid,title,client,job_url,outcome,outcome_changed_at,created_at,sent_at,first_reply_at,bid_amount,bid_type,bid_currency,connects_spent,contract_value,outcome_history,generated_provider,generated_model,prompt_template,job_post,proposal');
  expect(csv).toMatch(/,Logo design,,,Viewed,/);
  expect(csv).toMatch(/,Svelte dashboard for Acme,Acme,,Hired,/);
});

/**
 * A year of history, counted by hand: each week from Monday 2025-12-01, three proposals sent on
 * the Tuesday. A replies after 24 h; in every 4th week it goes to an interview and is hired,
 * otherwise not hired. B gets no reply. C is viewed, and in weeks 0, 13, 26, 39 replied after 48 h.
 * Connects: 16, 8 and 12 each week.
 */
function seededYear() {
  const at = (week: number, day: number, hour: number) => new Date(Date.UTC(2025, 11, 1 + week * 7 + day, hour)).toISOString().slice(0, 19).replace('T', ' ');
  const proposals = [];
  for (let w = 0; w < 52; w++) {
    const p = (job: string, connects: number, history: [string, string][]) => ({
      job_content: `${job} (week ${w + 1})`, generated_text: `Proposal ${job} ${w}`, created_at: history[0][1], updated_at: null,
      client_name: job === 'A' ? 'Acme' : 'Globex', connects_spent: connects, bid_type: job === 'A' ? 'fixed' : 'hourly',
      outcome_history: history.map(([outcome, changed_at]) => ({ outcome, changed_at })),
    });
    proposals.push(p('A', 16, [['sent', at(w, 1, 10)], ['replied', at(w, 2, 10)],
      ...(w % 4 === 0 ? [['interview', at(w, 3, 10)], ['hired', at(w, 7, 10)]] as [string, string][] : [['not_hired', at(w, 4, 10)]] as [string, string][])]));
    proposals.push(p('B', 8, [['sent', at(w, 1, 11)], ['no_reply', at(w, 15, 11)]]));
    proposals.push(p('C', 12, [['sent', at(w, 1, 12)], ['viewed', at(w, 2, 9)], ...(w % 13 === 0 ? [['replied', at(w, 3, 12)]] as [string, string][] : [])]));
  }
  return JSON.stringify({ metadata: { export_date: '2026-11-30T00:00:00Z', app_version: 'seed' }, proposals });
}

test('the dashboard: empty, then a seeded year’s hand-counted numbers, loaded only when opened; axe in both themes', async ({ app: page }, info) => {
  const dashboardChunks: string[] = [];
  page.on('request', (r) => { if (/\/assets\/Dashboard-/.test(r.url())) dashboardChunks.push(r.url()); });
  await page.reload(); // the app's start-up, watched: it does not fetch the dashboard
  await expectReady(page);
  expect(dashboardChunks).toEqual([]);
  await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
  await expect(page.getByText('No proposals were sent in this period.')).toBeVisible();
  expect(dashboardChunks.length).toBeGreaterThan(0);
  const only = await page.evaluate(async () => {
    const db = window.__upworkResearcher!.db;
    const { id } = await db.createProposal({ jobContent: 'The only one' });
    await db.setOutcome(id, 'sent');
    return id;
  });
  await expect(page.getByText(/^One proposal sent in this period/)).toBeVisible();
  await expect(page.locator('.tile').first()).toHaveText(/^Sent\s*1$/);
  await page.evaluate((id) => window.__upworkResearcher!.db.deleteProposal(id), only);

  await page.evaluate((text) => window.__upworkResearcher!.db.importJson(text), seededYear());
  await page.getByRole('combobox', { name: 'Period' }).selectOption('all');
  const tile = (label: string) => page.locator('.tile').filter({ has: page.getByText(label, { exact: true }) }).locator('.tile-value');
  // 156 sent; viewed or further: 52 A + 52 C = 104 (67%); replied: 52 A + 4 C = 56 (36%); interviews and hires: 13 (8%); Connects 52 × 36 = 1872.
  await expect(tile('Sent')).toHaveText('156');
  await expect(tile('Reply rate')).toHaveText('36%');
  await expect(tile('Interview rate')).toHaveText('8%');
  await expect(tile('Hire rate')).toHaveText('8%');
  // First replies: 52 after 24 h, 4 after 48 h: median 24 h.
  await expect(tile('Time to first reply (median)')).toHaveText('24 h');
  await expect(tile('Connects per reply')).toHaveText('33.4'); // 1872 / 56
  await expect(tile('Connects per hire')).toHaveText('144'); // 1872 / 13
  const funnel = page.locator('table.funnel tbody tr');
  await expect(funnel).toHaveText([/^Sent\s*156\s*100%$/, /^Viewed\s*104\s*67%$/, /^Replied\s*56\s*36%$/, /^Interview\s*13\s*8%$/, /^Hired\s*13\s*8%$/]);
  await page.getByText('Table: Proposals sent per week, and what became of them').click();
  const cells = (name: RegExp, table = page.locator('.chart-table table').first()) => table.getByRole('row', { name }).getByRole('cell');
  // Week 0: A replied, was interviewed and hired; C replied. Week 1: A replied, then not hired.
  await expect(cells(/^2025-12-01 /)).toHaveText(['3', '2', '1', '1']);
  await expect(cells(/^2025-12-08 /)).toHaveText(['3', '1', '0', '0']);
  // Acme (A): 52 sent, all replied, 13 interviews and hires (25%), 52 × 16 Connects. Globex (B, C): 104, 4 replies.
  const byClient = page.getByRole('table', { name: 'By client' });
  await expect(cells(/^Acme /, byClient)).toHaveText(['52', '100%', '25%', '25%', '832']);
  await expect(cells(/^Globex /, byClient)).toHaveText(['104', '4%', '0%', '0%', '1040']);

  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await expect(page.locator('.chart canvas').first()).toBeVisible();
    const path = info.outputPath(`dashboard-${theme}.png`);
    await page.screenshot({ path, fullPage: true });
    await info.attach(`dashboard-${theme}`, { path, contentType: 'image/png' });
    const { violations } = await new AxeBuilder({ page }).analyze();
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  }
});
