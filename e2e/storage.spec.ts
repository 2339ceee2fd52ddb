import { createRequire } from 'node:module';
import { expect, expectReady, expectTitles, saveProposal, test } from './fixtures.ts';

test('asks the browser to keep the data after the first proposal is saved, and from a button; the panel says which', async ({ page, server }) => {
  // The browser's answer is its own (Chrome decides from how the site is used): here it says no
  // once, then yes, and the page records each time it is asked.
  await page.addInitScript(() => {
    const w = window as unknown as { __persistCalls: number };
    w.__persistCalls = 0;
    let granted = false;
    navigator.storage.persist = async () => { w.__persistCalls++; granted = w.__persistCalls > 1; return granted; };
    navigator.storage.persisted = async () => granted;
  });
  await page.goto(server.url);
  await expectReady(page);
  const calls = () => page.evaluate(() => (window as unknown as { __persistCalls: number }).__persistCalls);
  expect(await calls()).toBe(0); // not at start: only once there is something worth keeping
  await saveProposal(page, 'Worth keeping', 'Text');
  await expect.poll(calls).toBe(1);
  await saveProposal(page, 'Second', 'Text');
  expect(await calls()).toBe(1); // asked once, not at every save

  await page.getByRole('button', { name: 'Database', exact: true }).click();
  await expect(page.getByTestId('persistence')).toHaveText(/^Not persistent: when the device runs low on space, this browser may delete/);
  await expect(page.getByTestId('storage-used')).toHaveText(/^[\d.]+ (B|KB|MB) of [\d.]+ (KB|MB|GB|TB)$/);
  await page.getByRole('button', { name: 'Keep my data on this device' }).click();
  await expect(page.getByTestId('persistence')).toHaveText(/^Persistent: this browser will not delete/);
  expect(await calls()).toBe(2);
});

test('near the quota (80% used) the app warns, on every screen and in the Database panel', async ({ page, server }) => {
  // Chromium's estimate() does not follow CDP's quota override: the numbers are the browser's
  // input to the app, given here; the warning is the app's.
  await page.addInitScript(() => {
    const used = { usage: 0 };
    navigator.storage.estimate = async () => ({ usage: used.usage, quota: 10_000_000 });
    (window as unknown as { __setUsage: (n: number) => void }).__setUsage = (n) => { used.usage = n; };
  });
  await page.goto(server.url);
  await expectReady(page);
  await page.evaluate(() => (window as unknown as { __setUsage: (n: number) => void }).__setUsage(7_900_000));
  await saveProposal(page, 'At 79%', 'No warning yet');
  await page.waitForTimeout(1500);
  await expect(page.getByText(/^Storage is almost full/)).toHaveCount(0);
  await page.evaluate(() => (window as unknown as { __setUsage: (n: number) => void }).__setUsage(8_200_000));
  await saveProposal(page, 'At 82%', 'Now it warns');
  await expect(page.getByRole('alert').filter({ hasText: /^Storage is almost full \(7\.8 MB of 9\.5 MB\): new work may not be saved/ })).toBeVisible();
  await page.getByRole('button', { name: 'Database', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: /^Storage is almost full: 7\.8 MB of 9\.5 MB used\. New work may not be saved: download a backup/ })).toBeVisible();
});

test('a save that does not fit (a small quota) says so, keeps the text on screen, and loses nothing stored', async ({ app: page, context, server }) => {
  await saveProposal(page, 'Precious job', 'Precious proposal');
  const cdp = await context.newCDPSession(page);
  const origin = new URL(server.url).origin;
  const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 150_000 });
  try {
    await page.getByRole('button', { name: /^New proposal/ }).click();
    await page.getByRole('textbox', { name: 'Job post' }).fill('A job post too big for the space left');
    const big = 'Lorem ipsum dolor sit amet. '.repeat(40_000); // ~1.1 MB
    await page.getByRole('textbox', { name: 'Proposal' }).fill(big);
    await expect(page.getByRole('alert').filter({ hasText: /^Not saved: this browser could not write to the app's storage, most likely because it is full \(SQLITE_IOERR.*; nothing already saved was lost\)/ })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('textbox', { name: 'Proposal' })).toHaveValue(big);

    // What was stored is intact: the file passes SQLite's integrity check and holds the proposal.
    await page.getByRole('button', { name: 'Database', exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the database file' }).click()]);
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const db = new Database((await download.path())!, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db.prepare('SELECT job_content, generated_text FROM proposals WHERE deleted_at IS NULL ORDER BY id').all();
      expect(rows[0]).toEqual({ job_content: 'Precious job', generated_text: 'Precious proposal' });
      // The job post may have been saved on its own before the proposal was typed (it fitted); the text that did not fit is not there, even in part.
      expect(rows.slice(1)).toEqual(rows.length > 1 ? [{ job_content: 'A job post too big for the space left', generated_text: '' }] : []);
    } finally {
      db.close();
    }
  } finally {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  }
  // With room again, the next change saves the text that was kept on screen.
  await page.getByRole('button', { name: 'Proposals', exact: true }).click();
  await page.getByRole('textbox', { name: 'Proposal' }).press('End');
  await page.getByRole('textbox', { name: 'Proposal' }).press('!');
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible({ timeout: 15_000 });
  await expectTitles(page, ['A job post too big for the space left', 'Precious job']);
});
