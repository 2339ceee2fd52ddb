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
