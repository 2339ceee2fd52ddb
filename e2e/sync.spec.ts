// Sync between devices, each device a browser context of its own (its own OPFS), through the real
// sync server that the test starts on a free loopback port and stops, kills and restarts.
import { spawnSyncServer } from '../scripts/sync-server-process.mjs';
import { decodePairing, encodePairing } from '../src/sync/pairing.ts';
import { expect, expectReady, expectTitlesInAnyOrder, saveProposal, test } from './fixtures.ts';
import { badge, call, device, editProposal, join, open, pairingCode, syncStatus, titles, turnOnSync, view, type SyncServer } from './sync-devices.ts';

let sync: SyncServer;
test.beforeEach(async () => { sync = await spawnSyncServer(); });
test.afterEach(async () => { await sync.stop('SIGKILL'); });

test('three devices: made on A appears on B and C, a wrong pairing code is refused in words, a second tab sees synced changes live', async ({ browser, server }) => {
  const a = await device(browser, server.url);
  await turnOnSync(a, sync.url);
  await saveProposal(a, 'Job made on A', 'Text written on A.');
  const code = await pairingCode(a);
  await view(a, 'Proposals');

  const b = await device(browser, server.url);
  await join(b, 'UR1-not-a-real-code.1234567');
  await expect(b.getByRole('alert')).toContainText('This device did not join: This pairing code is incomplete or mistyped');
  await join(b, encodePairing({ ...decodePairing(code), token: 'a-wrong-token' }));
  await expect(b.getByRole('alert')).toContainText('The sync server refused this pairing code');
  await expect(syncStatus(b)).toHaveText(/^Sync is off/);
  await join(b, code);
  await expect(syncStatus(b)).toHaveText(/^Synced/);
  await view(b, 'Proposals');
  await expectTitlesInAnyOrder(b, ['Job made on A']);

  // A second tab on B, and a third device that joins with the same code.
  const b2 = await b.context().newPage();
  await b2.goto(server.url);
  await expectReady(b2);
  const c = await device(browser, server.url);
  await join(c, code);
  await view(c, 'Proposals');
  await saveProposal(a, 'Second job from A', 'More.');
  await saveProposal(c, 'Job made on C', 'From C.');
  const all = ['Job made on A', 'Second job from A', 'Job made on C'];
  for (const page of [a, b, b2, c]) await expectTitlesInAnyOrder(page, all);
  for (const page of [a, b, b2, c]) await expect(badge(page)).toHaveText('Synced');
});

test('offline on both: the same proposal edited on each, one deleted on A and edited on B, the server killed mid-sync: everything converges, both texts kept', async ({ browser, server }) => {
  const a = await device(browser, server.url);
  await turnOnSync(a, sync.url);
  await saveProposal(a, 'Job P', 'Base text.');
  await saveProposal(a, 'Job Q', 'Q text.');
  const b = await device(browser, server.url);
  await join(b, await pairingCode(a));
  await view(b, 'Proposals');
  await expectTitlesInAnyOrder(b, ['Job P', 'Job Q']);
  await expect(badge(b)).toHaveText('Synced');

  // The server dies: both devices go on offline.
  await sync.stop('SIGKILL');
  await editProposal(a, 'Job P', 'Hi. Base text.');
  await editProposal(b, 'Job P', 'Base text. Thanks.');
  await editProposal(b, 'Job Q', 'Q text, edited on B.');
  await open(a, 'Job Q');
  await a.getByRole('button', { name: 'Delete' }).click();
  await expect(badge(a)).toHaveText(/^Offline \(\d+ waiting\)$/);
  await expect(badge(b)).toHaveText(/^Offline \(\d+ waiting\)$/);

  // Back on the same address and data: both converge by themselves.
  sync = await spawnSyncServer({ dataDir: sync.dataDir, port: sync.port });
  for (const page of [a, b]) {
    await expect(badge(page)).toHaveText('Synced', { timeout: 20_000 });
    await expectTitlesInAnyOrder(page, ['Job P', 'Job Q']);
    await open(page, 'Job Q'); // the edit won over the deletion
    await expect(page.getByRole('textbox', { name: 'Proposal' })).toHaveValue('Q text, edited on B.');
    await open(page, 'Job P');
    await expect(page.getByRole('textbox', { name: 'Proposal' })).toHaveValue('Hi. Base text. Thanks.');
    await page.getByRole('button', { name: /^Versions \(/ }).click();
    const kept = page.getByRole('region', { name: 'Earlier versions' }).getByRole('listitem');
    await expect(kept.filter({ hasText: 'merged with another device' })).toHaveCount(2);
    await expect(kept.filter({ hasText: 'Hi. Base text.' }).filter({ hasNotText: 'Thanks' })).toHaveCount(1);
    await expect(kept.filter({ hasText: 'Base text. Thanks.' }).filter({ hasNotText: 'Hi.' })).toHaveCount(1);
  }

  // Killed in the middle of a sync: what A made arrives on B once, all of it, after a restart.
  const made = Array.from({ length: 20 }, (_, i) => `Burst #${String(i).padStart(2, "0")}`);
  const writing = (async () => { for (const job of made) await call(a, 'createProposal', { jobContent: job, generatedText: 'x' }); })();
  await expect.poll(() => sync.output().match(/connected to space/g)?.length ?? 0).toBeGreaterThan(0);
  await sync.stop('SIGKILL');
  await writing;
  sync = await spawnSyncServer({ dataDir: sync.dataDir, port: sync.port });
  // (A's own list does not show them: they were made by this test's calls, not its editor.)
  await expect(badge(a)).toHaveText('Synced', { timeout: 20_000 });
  await expect.poll(async () => (await call<{ total: number }>(a, 'listProposals')).total).toBe(22);
  // (The list draws only the rows on screen: what B holds is read through its database.)
  await expect.poll(() => titles(b), { timeout: 30_000 }).toEqual(['Job P', 'Job Q', ...made].sort());
});
