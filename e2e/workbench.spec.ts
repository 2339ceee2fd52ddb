import { expect, expectReady, expectTitles, saveProposal, test } from './fixtures.ts';

const jobBox = (page: import('@playwright/test').Page) => page.getByRole('textbox', { name: 'Job post' });
const proposalBox = (page: import('@playwright/test').Page) => page.getByRole('textbox', { name: 'Proposal' });

test('first run shows guidance; typing is saved without pressing Save and is back after a reload', async ({ app: page }) => {
  await expect(page.getByText('No proposals yet.')).toBeVisible();
  await expect(page.getByText(/^To generate proposals, add your Anthropic API key in Settings/)).toBeVisible();
  await jobBox(page).fill('Autosaved job post\nwith two lines');
  await page.getByRole('textbox', { name: 'Client (optional)' }).fill('Globex');
  await proposalBox(page).fill('Typed, never saved by hand.');
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
  await expectTitles(page, ['Autosaved job post']);
  await page.reload();
  await expectReady(page);
  await expect(jobBox(page)).toHaveValue('Autosaved job post\nwith two lines');
  await expect(proposalBox(page)).toHaveValue('Typed, never saved by hand.');
  await expect(page.getByRole('textbox', { name: 'Client (optional)' })).toHaveValue('Globex');
});

test('what was typed just before a crash is recovered', async ({ app: page, context, server }) => {
  await saveProposal(page, 'Crash test job', 'First words.');
  await proposalBox(page).fill('First words. And more, typed right before the tab died.');
  await page.close({ runBeforeUnload: false }); // no time for the debounced save
  const again = await context.newPage();
  await again.goto(server.url);
  await expectReady(again);
  await expect(proposalBox(again)).toHaveValue('First words. And more, typed right before the tab died.');
  await again.reload();
  await expectReady(again);
  await expect(proposalBox(again)).toHaveValue('First words. And more, typed right before the tab died.');
});

test('status, link check, copy, and delete with undo', async ({ app: page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await saveProposal(page, 'Status job', 'Copy me please.');
  await page.getByRole('combobox', { name: 'Outcome', exact: true }).selectOption('sent');
  await expect(page.getByRole('list', { name: /^Proposals, newest first/ }).getByRole('combobox').first()).toHaveValue('sent');

  await page.getByRole('textbox', { name: 'Link to the job (optional)' }).fill('ftp://nope');
  await expect(page.getByText(/"ftp:\/\/nope" is not a web link: it should start with https:\/\//)).toBeVisible();
  await page.getByRole('textbox', { name: 'Link to the job (optional)' }).fill('https://www.upwork.com/jobs/~0123');
  await expect(page.locator('#job-url-problem')).toHaveCount(0);

  await page.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByText('Proposal copied to the clipboard.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Copy me please.');

  await saveProposal(page, 'Second job', 'Another.');
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Deleted “Second job”: it is in the trash for 30 days.')).toBeVisible();
  await expectTitles(page, ['Status job']);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expectTitles(page, ['Second job', 'Status job']);
  await expect(jobBox(page)).toHaveValue('Second job');

  await page.reload();
  await expectReady(page);
  await page.getByRole('list', { name: /^Proposals, newest first/ }).getByRole('button', { name: /^Status job/ }).click();
  await expect(page.getByRole('combobox', { name: 'Outcome', exact: true })).toHaveValue('sent');
  await expect(page.getByRole('textbox', { name: 'Link to the job (optional)' })).toHaveValue('https://www.upwork.com/jobs/~0123');
});

test('keyboard: new, search, save and clear, each with the shortcut shown', async ({ app: page }) => {
  await expect(page.getByRole('button', { name: 'New proposal Alt+N' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save Ctrl+S' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Generate Ctrl+Enter' })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search proposals' })).toHaveAttribute('placeholder', /Ctrl\+K/);

  await jobBox(page).fill('Keyboard job');
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.keyboard.press('Alt+n');
  await expect(jobBox(page)).toBeFocused();
  await expect(jobBox(page)).toHaveValue('');
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('searchbox', { name: 'Search proposals' })).toBeFocused();
  await page.keyboard.type('keyboard');
  await expect(page.getByRole('list', { name: 'Search results, best first' }).getByRole('button')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('searchbox', { name: 'Search proposals' })).toHaveValue('');
});

test('search ranks, highlights and opens matches as you type', async ({ app: page }) => {
  await saveProposal(page, 'Python scraper for real estate listings', 'I build scrapers with Scrapy.');
  await saveProposal(page, 'Logo design', 'I mostly do branding, a little Python.');
  await saveProposal(page, 'Accounting help', 'Spreadsheets.');
  const search = page.getByRole('searchbox', { name: 'Search proposals' });
  await search.fill('pyth');
  const results = page.getByRole('list', { name: 'Search results, best first' }).getByRole('button');
  await expect(results).toHaveText([/^Python scraper/, /^Logo design/]);
  await expect(results.first().locator('mark').first()).toHaveText('Python');
  await expect(page.getByRole('status').filter({ hasText: /2 matches for “pyth”/ })).toBeVisible();
  await search.fill('nothing-like-this');
  await expect(page.getByText('Nothing matches “nothing-like-this”.')).toBeVisible();
  await search.fill('scrapy');
  await results.first().click();
  await expect(jobBox(page)).toHaveValue('Python scraper for real estate listings');
});

test('10,000 proposals: only the visible rows are rendered, and the oldest is reachable', async ({ app: page }) => {
  const proposals = Array.from({ length: 10_000 }, (_, i) => ({
    job_content: `Job number ${i + 1}\nDetails for job ${i + 1}`,
    generated_text: `Proposal ${i + 1}`,
    created_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().replace('T', ' ').slice(0, 19),
    updated_at: null,
  }));
  await page.getByRole('button', { name: 'Database', exact: true }).click();
  await page.getByLabel('Import a JSON export or a database file').setInputFiles({
    name: 'ten-thousand.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ proposals })),
  });
  await expect(page.getByText('Imported ten-thousand.json: 10000 proposals added, 0 already there.')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Proposals', exact: true }).click();
  const list = page.getByRole('list', { name: 'Proposals, newest first (10000)' });
  await expect(list.getByRole('button').first()).toHaveText(/^Job number 10000/);
  expect(await list.getByRole('listitem').count()).toBeLessThan(60);
  await page.locator('.list-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(list.getByRole('button', { name: /^Job number 1 / })).toBeVisible();
  expect(await list.getByRole('listitem').count()).toBeLessThan(60);

  // Editing a proposal deep in the list updates it in place, without emptying the rows in view.
  await list.getByRole('button', { name: /^Job number 1 / }).click();
  await jobBox(page).fill('The very first job, renamed\nDetails');
  await expect(list.getByRole('button', { name: /^The very first job, renamed/ })).toBeVisible();
  await expect(list.getByRole('button', { name: /^Job number 2 / })).toBeVisible();
  await expect(list.getByText('Loading…')).toHaveCount(0);
});
