import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectReady, test } from './fixtures.ts';
import { killBrowserOf, launchOnProfile } from './kill-browser.ts';

// The whole browser killed (SIGKILL to every process of its profile), then started again on the
// same profile: what a crash or a power cut of the browser leaves behind. Typed text reaches the
// disk through the database (saves commit to the OPFS file within 200 ms), not through
// localStorage, which Chromium writes lazily.
const TYPED_BEFORE_KILL_MS = Number(process.env.KILL_DELAY_MS ?? 300);

let profile: string;
test.beforeEach(() => { profile = mkdtempSync(join(tmpdir(), 'kill-profile-')); });
test.afterEach(() => rmSync(profile, { recursive: true, force: true }));

const launch = () => launchOnProfile(profile);
const killBrowser = () => killBrowserOf(profile);

test(`text typed ${TYPED_BEFORE_KILL_MS} ms before the browser is killed is there after the restart, in the proposal that was open`, async ({ server }) => {
  const first = await launch();
  const page = first.pages()[0] ?? await first.newPage();
  await page.goto(server.url);
  await expectReady(page);
  // An older proposal, opened and left: the restart must not go back to it.
  await page.getByRole('button', { name: /^New proposal/ }).click();
  await page.getByRole('textbox', { name: 'Job post' }).fill('An older job post');
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
  await page.getByRole('button', { name: /^New proposal/ }).click();
  await page.getByRole('textbox', { name: 'Job post' }).fill('The job post being answered');
  const proposal = page.getByRole('textbox', { name: 'Proposal' });
  await proposal.pressSequentially('Dear client, ', { delay: 20 });
  await proposal.pressSequentially('the last words typed.', { delay: 20 });
  await page.waitForTimeout(TYPED_BEFORE_KILL_MS);
  expect(killBrowser()).toBeGreaterThan(0);
  await first.close().catch(() => {}); // already dead

  const second = await launch();
  try {
    const again = second.pages()[0] ?? await second.newPage();
    await again.goto(server.url);
    await expectReady(again);
    await expect(again.getByRole('textbox', { name: 'Job post' })).toHaveValue('The job post being answered');
    await expect(again.getByRole('textbox', { name: 'Proposal' })).toHaveValue('Dear client, the last words typed.');
  } finally {
    await second.close();
  }
});
