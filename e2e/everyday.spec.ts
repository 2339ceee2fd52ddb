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
