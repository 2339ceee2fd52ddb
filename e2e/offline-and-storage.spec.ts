import { build, NEWER_NEXT, NEXT } from './builds.ts';
import { expect, expectReady, expectTitles, historyRows, openTechnicalDetails, saveProposal, test } from './fixtures.ts';

test('with the service worker active, the app and its data load with the server stopped', async ({ app: page, server }) => {
  await saveProposal(page, 'Offline job post', 'Written while online.');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload(); // the first load is not controlled; from now on the service worker serves the app
  await expectReady(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');

  await server.close();
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  await page.reload();
  await expectReady(page);
  await expectTitles(page, ['Offline job post']);
  await saveProposal(page, 'Second offline job', 'Saved with no network at all.');
  expect(failed).toEqual([]);
});

test('a new version waits for the user: "update available", then it applies on reload', async ({ app: page, server }) => {
  await saveProposal(page, 'Written in the old version', 'Still here after the update.');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await expectReady(page);

  server.setRoot(build.newerNext);
  await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())!.update(); });
  await expect(page.getByText('A new version of Upwork Researcher is available.')).toBeVisible();
  // The open tab keeps running the old version until the user chooses.
  expect((await historyRows(page)).map((r) => r[0]).at(-1)).toBe(String(NEXT - 1));
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Reload to update' }).click();
  await reloaded;
  await expectReady(page);
  expect((await historyRows(page)).map((r) => r[1]).at(-1)).toBe(NEWER_NEXT.name);
  await page.getByRole('button', { name: 'Proposals', exact: true }).click();
  await expectTitles(page, ['Written in the old version']);
});

test.describe('where OPFS is unavailable (an insecure origin)', () => {
  test('the app refuses clearly, and runs in memory only behind a banner once accepted', async ({ page, server }) => {
    // insecure.test maps to 127.0.0.1 (playwright.config.ts): plain http there is not a secure context.
    const url = server.url.replace('localhost', 'insecure.test');
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'This browser cannot save your proposals' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('Origin Private File System unavailable');
    await expect(page.locator('main[data-ready]')).toHaveCount(0);

    await page.getByRole('button', { name: 'Continue without saving' }).click();
    await expectReady(page);
    await expect(page.getByRole('alert').filter({ hasText: 'Not saved: this tab uses a temporary database.' })).toBeVisible();
    await saveProposal(page, 'Kept in memory only', 'Gone after reload.');
    await page.getByRole('button', { name: 'Database', exact: true }).click();
    await expect(page.getByTestId('data-summary')).toContainText('in a temporary database: closing this tab loses it.');
    await openTechnicalDetails(page);
    await expect(page.getByText('Memory only: not saved')).toBeVisible();
    await expect(page.getByTestId('schema-version')).toHaveText(/^\d+$/);

    await page.reload();
    await expect(page.getByRole('heading', { name: 'This browser cannot save your proposals' })).toBeVisible();
  });
});
