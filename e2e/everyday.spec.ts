// What a freelancer does every day, done the way people really do it: links pasted without
// https://, imports from another machine, the keyboard only, many results, right-to-left text.
import type { Page } from '@playwright/test';
import { expect, expectReady, saveProposal, test } from './fixtures.ts';

const linkBox = (page: Page) => page.getByRole('textbox', { name: 'Link to the job (optional)' });

test('a job link typed without https:// is kept, made whole, and opens in a new tab', async ({ app: page, context }) => {
  await context.route('https://upwork.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>The job</title>' }));
  await saveProposal(page, 'Job with a pasted link', 'Text.');
  await linkBox(page).fill('upwork.com/jobs/~01abc');
  await expect(page.locator('#job-url-problem')).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Client (optional)' }).click(); // leaving the field shows it whole
  await expect(linkBox(page)).toHaveValue('https://upwork.com/jobs/~01abc');
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
  await page.reload();
  await expectReady(page);
  await expect(linkBox(page)).toHaveValue('https://upwork.com/jobs/~01abc');
  const open = page.getByRole('link', { name: /^Open the job/ });
  await expect(open).toHaveAttribute('rel', 'noopener noreferrer');
  const [tab] = await Promise.all([context.waitForEvent('page'), open.click()]);
  await tab.waitForLoadState();
  expect(tab.url()).toBe('https://upwork.com/jobs/~01abc');
  expect(await tab.evaluate(() => window.opener)).toBeNull();
});

test('an import with "Keep my settings" keeps my theme; the dialog shows the file\'s', async ({ app: page }) => {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('radio', { name: 'Light' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: 'Database', exact: true }).click();
  await page.getByLabel('Import a JSON export or a database file').setInputFiles({
    name: 'from-my-laptop.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ proposals: [{ job_content: 'Imported job', generated_text: 'x', created_at: '2025-01-01 00:00:00' }], settings: { theme: 'dark', profile_name: 'Someone else' } })),
  });
  const dialog = page.getByRole('alertdialog', { name: 'This file would change your AI settings' });
  await expect(dialog.getByRole('row', { name: /^Theme/ })).toContainText('dark');
  await page.keyboard.press('Enter'); // Keep my settings
  await expect(page.getByText(/^Imported from-my-laptop\.json: 1 proposal added/)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expectReady(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('keyboard with 200 proposals: search to the job post in a few keys, rows by arrows, screens by Alt+number; search shows more than 50', async ({ app: page }) => {
  const proposals = Array.from({ length: 200 }, (_, i) => ({
    job_content: `Keyboard job ${i + 1}\nDetails`, generated_text: `Proposal ${i + 1}`,
    created_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString().replace('T', ' ').slice(0, 19), updated_at: null,
  }));
  await page.getByRole('button', { name: 'Database', exact: true }).click();
  await page.getByLabel('Import a JSON export or a database file').setInputFiles({ name: 'two-hundred.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ proposals })) });
  await expect(page.getByText('Imported two-hundred.json: 200 proposals added, 0 already there.')).toBeVisible();

  await page.keyboard.press('Alt+1');
  const search = page.getByRole('searchbox', { name: 'Search proposals' });
  await expect(search).toBeFocused(); // Alt+1 puts the focus in the screen
  let presses = 0;
  while (presses < 5 && !(await page.getByRole('textbox', { name: 'Job post' }).evaluate((el) => el === document.activeElement))) {
    await page.keyboard.press('Tab');
    presses++;
  }
  await expect(page.getByRole('textbox', { name: 'Job post' })).toBeFocused();
  expect(presses).toBeLessThanOrEqual(5);

  // The list is one Tab stop; the arrows move in it, Enter opens.
  await page.keyboard.press('Shift+Tab');
  const rows = page.getByRole('list', { name: /^Proposals, newest first/ });
  for (let i = 0; i < 5 && !(await rows.evaluate((el) => el.contains(document.activeElement))); i++) await page.keyboard.press('Shift+Tab');
  await expect(rows.getByRole('button', { name: /^Keyboard job 200 / })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(rows.getByRole('button', { name: /^Keyboard job 198 / })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Job post' })).toHaveValue(/^Keyboard job 198/);
  expect(await rows.locator('button[tabindex="0"]').count()).toBe(1);

  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeFocused();
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.keyboard.press('Alt+1');

  // More than 50 matches: the first 50, and a way to the next ones.
  await search.fill('keyboard');
  const results = page.getByRole('list', { name: 'Search results, best first' }).getByRole('button');
  await expect(results).toHaveCount(50);
  await page.getByRole('button', { name: 'Show 50 more' }).click();
  await expect(results).toHaveCount(100);
  await expect(page.getByRole('status').filter({ hasText: /^Best 100 matches for “keyboard”/ })).toBeVisible();

  // The skip link is the first Tab stop of the page and lands in the screen.
  await page.reload();
  await expectReady(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the main content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(search).toBeFocused();
});

test('settings are saved as they change, kept when the screen is left, and a provider change offers the reload it needs', async ({ app: page }) => {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Ana Freelancer');
  await page.getByRole('button', { name: 'Proposals', exact: true }).click(); // no Save pressed
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Ana Freelancer');
  await page.reload();
  await expectReady(page);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue('Ana Freelancer');

  // A value that cannot be saved says why, and is not dropped on leaving.
  await page.getByRole('combobox', { name: 'Provider' }).selectOption({ label: 'OpenAI-compatible (OpenAI, OpenRouter, Ollama, LM Studio)' });
  await page.getByRole('textbox', { name: 'Base URL' }).fill('http://collector.example/v1');
  await expect(page.getByRole('alert')).toContainText(/^Not saved: .*must be an https/);
  await page.getByRole('button', { name: 'Proposals', exact: true }).click();
  await expect(page.getByText(/^Your settings were not saved: .*They are kept in Settings until you fix them\./)).toBeVisible();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Base URL' })).toHaveValue('http://collector.example/v1');
  await page.getByRole('textbox', { name: 'Base URL' }).fill('http://localhost:11434/v1');
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved. Reload the app to connect to the new AI provider.' })).toBeVisible();

  // The editor says the same, with the button.
  await page.getByRole('button', { name: 'Proposals', exact: true }).click();
  await expect(page.getByText(/^The AI provider changed: the app must reload/)).toBeVisible();
  await page.getByRole('button', { name: 'Reload now' }).click();
  await expectReady(page);
  await expect(page.getByText(/^The AI provider changed/)).toHaveCount(0);
});

test('the Database screen is for a person first: what there is, back up now, backups named for a person, technical facts folded', async ({ app: page }) => {
  await saveProposal(page, 'A job worth keeping', 'My proposal.');
  await page.getByRole('button', { name: 'Database', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Your data', level: 1 })).toBeVisible();
  await expect(page.getByTestId('data-summary')).toHaveText(/^1 proposal, [\d.]+ (KB|MB), kept in this browser on this device\./);
  await expect(page.getByTestId('schema-version')).toBeHidden(); // folded under "Technical details"
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Backed up: upwork-researcher backup \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2} \(v\d+\)\.sqlite3\./ })).toBeVisible();
  const backups = page.getByRole('list', { name: 'Backups, newest first' }).getByRole('listitem');
  await expect(backups).toHaveCount(1);
  await expect(backups.first()).toContainText('Made by you');
  const [file] = await Promise.all([page.waitForEvent('download'), backups.first().getByRole('button', { name: /^Download backup / }).click()]);
  expect(file.suggestedFilename()).toMatch(/^upwork-researcher backup \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2} \(v\d+\)\.sqlite3$/);
  await page.getByText('Technical details').click();
  await expect(page.getByTestId('schema-version')).toBeVisible();
});

test('right-to-left text (Arabic, Hebrew) is shown right to left where it is written so, left to right elsewhere', async ({ app: page }) => {
  const arabic = 'مطلوب مطور تطبيقات ويب\nتفاصيل المشروع';
  await saveProposal(page, arabic, 'שלום, אני מפתח אתרים.');
  await page.getByRole('textbox', { name: 'Client (optional)' }).fill('شركة النور');
  const rtl = (el: Element) => el.matches(':dir(rtl)');
  expect(await page.getByRole('textbox', { name: 'Job post' }).evaluate(rtl)).toBe(true);
  expect(await page.getByRole('textbox', { name: 'Proposal' }).evaluate(rtl)).toBe(true);
  expect(await page.getByRole('textbox', { name: 'Client (optional)' }).evaluate(rtl)).toBe(true);
  const row = page.getByRole('list', { name: /^Proposals, newest first/ }).locator('.row-title').first();
  await expect(row).toHaveText('مطلوب مطور تطبيقات ويب');
  expect(await row.evaluate(rtl)).toBe(true);
  await saveProposal(page, 'An English job', 'An English proposal.');
  expect(await page.getByRole('textbox', { name: 'Job post' }).evaluate(rtl)).toBe(false);
  await page.getByRole('searchbox', { name: 'Search proposals' }).fill('مطور');
  expect(await page.getByRole('list', { name: 'Search results, best first' }).locator('.row-title').first().evaluate(rtl)).toBe(true);
});
