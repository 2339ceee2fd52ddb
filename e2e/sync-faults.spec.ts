// Sync's faults with devices as browser contexts and the real sync server, started by the test on a
// free loopback port: the space's token replaced (the other devices refused, then paired again),
// files that leave the browser without the token, a database restored from another browser, a
// device's browser killed in the middle of a sync, and a newer build beside an older one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type { Page } from '@playwright/test';
import { spawnSyncServer } from '../scripts/sync-server-process.mjs';
import { decodePairing } from '../src/sync/pairing.ts';
import { testDb } from '../src/testing/sqlite.ts';
import { build } from './builds.ts';
import { expect, expectReady, saveProposal, test } from './fixtures.ts';
import { killBrowserOf, launchOnProfile } from './kill-browser.ts';
import { badge, call, device, editProposal, join, pairingCode, syncStatus, titles, turnOnSync, view, type SyncServer } from './sync-devices.ts';

let sync: SyncServer;
test.beforeEach(async () => { sync = await spawnSyncServer(); });
test.afterEach(async ({}, info) => {
  await sync.stop('SIGKILL');
  if (info.status !== info.expectedStatus) console.log(sync.output());
});

/** The bytes of a file an operation gives (the database file, a backup), as the download has them. */
const fileFrom = async (page: Page, method: string, ...args: unknown[]) =>
  Buffer.from(await page.evaluate(async ([m, a]) => {
    const db = window.__upworkResearcher!.db as unknown as Record<string, (...x: unknown[]) => Promise<{ bytes: Uint8Array } | Uint8Array>>;
    const out = await db[m as string](...(a as unknown[]));
    return Array.from(out instanceof Uint8Array ? out : out.bytes);
  }, [method, args] as const));

/** A proposal's text, found by its title. */
async function textOf(page: Page, title: string): Promise<string | undefined> {
  const { items } = await call<{ items: { id: number; title: string }[] }>(page, 'listProposals', 0, 500);
  const found = items.find((p) => p.title === title);
  return found && (await call<{ generatedText: string }>(page, 'getProposal', found.id)).generatedText;
}

test("the space's token: in no file that leaves the browser; replaced on A, B is refused and keeps its changes, then pairs again; a database restored from another browser asks to pair again", async ({ browser, server }) => {
  const a = await device(browser, server.url);
  await turnOnSync(a, sync.url);
  await saveProposal(a, 'Job before', 'Made on A.');
  const code = await pairingCode(a);
  const { token } = decodePairing(code);
  const b = await device(browser, server.url);
  await join(b, code);
  await expect(syncStatus(b)).toHaveText(/^Synced/);

  // Files that leave A: the database file, a backup, the JSON export. (The pairing code carries
  // the token on purpose.)
  const file = await fileFrom(a, 'exportDatabase');
  expect(file.includes(token)).toBe(false);
  expect(file.includes('sealed:v1:')).toBe(true);
  expect((await fileFrom(a, 'readBackup', await call<string>(a, 'backupNow'))).includes(token)).toBe(false);
  expect((await call<{ text: string }>(a, 'exportJson')).text).not.toContain(token);

  // A replaces the code: B is refused at once, says so, and goes on working here.
  await view(a, 'Database');
  await a.getByRole('button', { name: 'Replace the pairing code' }).click();
  await a.getByRole('alertdialog').getByRole('button', { name: 'Replace the pairing code' }).click();
  await expect(a.getByText('The pairing code was replaced')).toBeVisible();
  await expect(a.getByRole('img', { name: 'QR code of the pairing code' })).toBeVisible();
  const renewed = await a.getByLabel(/^Pairing code/).inputValue();
  expect(decodePairing(renewed).token).not.toBe(token);
  await expect(badge(a)).toHaveText('Synced');
  await expect(badge(b)).toHaveText('Sync error');
  await view(b, 'Database');
  await expect(syncStatus(b)).toContainText('the server refused this device');
  await editProposal(b, 'Job before', 'Made on A, edited on B while refused.');
  await saveProposal(b, 'Job while refused', 'Made on B.');
  await view(a, 'Proposals');
  await saveProposal(a, 'Job after', 'Made on A after the new code.');
  const all = ['Job after', 'Job before', 'Job while refused'];
  expect(await titles(b)).toEqual(['Job before', 'Job while refused']);
  // The old code does not bring B back; the new one does, with nothing lost or doubled.
  await view(b, 'Database');
  await b.getByLabel('New pairing code from a device that syncs').fill(code);
  await b.getByRole('button', { name: 'Pair again' }).click();
  await expect(b.getByRole('alert')).toContainText('The sync server refused this pairing code');
  await b.getByLabel('New pairing code from a device that syncs').fill(renewed);
  await b.getByRole('button', { name: 'Pair again' }).click();
  await expect(syncStatus(b)).toHaveText(/^Synced/);
  for (const page of [a, b]) {
    await expect.poll(() => titles(page)).toEqual(all);
    await expect.poll(() => textOf(page, 'Job before')).toBe('Made on A, edited on B while refused.');
  }

  // A's database file restored in another browser: its token cannot be opened there. It says to
  // pair again, without failing; paired again, nothing is doubled.
  const c = await device(browser, server.url);
  await c.evaluate((bytes) => window.__upworkResearcher!.db.restoreDatabase({ file: new Uint8Array(bytes) }), [...file]);
  await view(c, 'Database');
  await expect(syncStatus(c)).toContainText('this device cannot read its pairing here');
  await expect(c.getByRole('button', { name: 'Show the pairing code' })).toHaveCount(0);
  await c.getByLabel('New pairing code from a device that syncs').fill(renewed);
  await c.getByRole('button', { name: 'Pair again' }).click();
  await expect(syncStatus(c)).toHaveText(/^Synced/);
  await expect.poll(() => titles(c)).toEqual(all);
});

test("a device's browser killed in the middle of a sync, then started again on its profile: nothing lost or doubled, sync goes on by itself", async ({ browser, server }) => {
  const profile = mkdtempSync(joinPath(tmpdir(), 'sync-kill-profile-'));
  try {
    let context = await launchOnProfile(profile);
    let a = context.pages()[0] ?? await context.newPage();
    await a.goto(server.url);
    await expectReady(a);
    await turnOnSync(a, sync.url);
    const b = await device(browser, server.url);
    await join(b, await pairingCode(a));
    await expect(syncStatus(b)).toHaveText(/^Synced/);

    // A burst on A, its browser killed once part of it has reached B.
    const writing = (async () => {
      for (let i = 0; i < 40; i++) await call(a, 'createProposal', { jobContent: `Burst #${String(i).padStart(2, '0')}`, generatedText: 'x' });
    })().catch(() => {}); // cut short by the kill
    await expect.poll(async () => (await titles(b)).length, { intervals: [50] }).toBeGreaterThan(0);
    expect(killBrowserOf(profile)).toBeGreaterThan(0);
    await writing;
    await context.close().catch(() => {});
    await view(b, 'Proposals');
    await saveProposal(b, 'Made on B while A was dead', 'From B.');

    context = await launchOnProfile(profile);
    a = context.pages()[0] ?? await context.newPage();
    await a.goto(server.url);
    await expectReady(a);
    const onA = await titles(a);
    const burst = onA.filter((t) => t.startsWith('Burst #'));
    expect(burst.length).toBeGreaterThan(0);
    await expect(badge(a)).toHaveText('Synced', { timeout: 20_000 });
    const everything = [...burst, 'Made on B while A was dead'].sort();
    await expect.poll(() => titles(a), { timeout: 20_000 }).toEqual(everything);
    await expect.poll(() => titles(b), { timeout: 20_000 }).toEqual(everything);
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 }); // the browser may still be writing to it
  }
});

test('a newer build on A with one more synced field, B on the current build edits: nothing erased', async ({ browser, server }) => {
  const a = await device(browser, server.url);
  // Under its service worker, as an installed app is: the update then comes as it would.
  await a.evaluate(async () => { await navigator.serviceWorker.ready; });
  await a.reload();
  await expectReady(a);
  await turnOnSync(a, sync.url);
  await saveProposal(a, 'Job N', 'Written on the current build.');
  const b = await device(browser, server.url);
  await join(b, await pairingCode(a));
  await expect(syncStatus(b)).toHaveText(/^Synced/);

  // A is updated (B, open, stays on the current build): its migration gives the proposal the new
  // field, which A syncs. B edits the proposal without knowing the field.
  server.setRoot(build.newerNext);
  await a.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update(); });
  const reloaded = a.waitForEvent('load');
  await a.getByRole('button', { name: 'Reload to update' }).click();
  await reloaded;
  await expectReady(a);
  await expect(badge(a)).toHaveText('Synced', { timeout: 20_000 });
  await editProposal(b, 'Job N', 'Written on the current build, then edited on B.');
  await expect(badge(b)).toHaveText('Synced');
  await expect.poll(() => textOf(a, 'Job N')).toBe('Written on the current build, then edited on B.');
  // On A, and in the space: a new device on the newer build gets the field from it.
  const d = await device(browser, server.url);
  await join(d, await pairingCode(a));
  await expect(syncStatus(d)).toHaveText(/^Synced/);
  for (const page of [a, d]) {
    await expect.poll(() => titles(page)).toEqual(['Job N']);
    expect(testDb(new Uint8Array(await fileFrom(page, 'exportDatabase'))).db.query('SELECT generated_text, remind_at FROM proposals')).toEqual([
      { generated_text: 'Written on the current build, then edited on B.', remind_at: 'set by the newer build' },
    ]);
  }
});
