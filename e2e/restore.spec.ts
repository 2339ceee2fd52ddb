import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { build } from './builds.ts';
import { expect, expectReady, expectTitles, role, saveProposal, test } from './fixtures.ts';

const openDatabasePanel = (page: Page) => page.getByRole('button', { name: 'Database', exact: true }).click();
const backupRows = (page: Page) => page.getByRole('list', { name: 'Backups, newest first' }).getByRole('listitem');
/** Answers yes to the app's question (a modal <dialog>: replace my data, delete the backup). */
const confirmAsked = (page: Page) => page.getByRole('alertdialog').getByRole('button', { name: /^(Replace my data|Delete the backup)$/ }).click();

/** A database refinery made (this app's first migrations) with an API key in clear, as an early build kept it. */
function desktopWithKey(key: string): Buffer {
  const path = join(tmpdir(), `desktop-with-key-${process.pid}-${Date.now()}.sqlite3`);
  writeFileSync(path, readFileSync('src/testing/fixtures/refinery-made.sqlite3'));
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const db = new Database(path);
  db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES ('api_provider', 'anthropic'), ('api_key', ?)`).run(key);
  db.close();
  return readFileSync(path);
}

test('restore a backup, replace with a file, delete a backup: checked, backed up first, and every tab follows', async ({ app: page, context }) => {
  await saveProposal(page, 'Mine before anything', 'Kept in every backup');
  await openDatabasePanel(page);
  await page.getByLabel('Import a JSON export or a database file').setInputFiles({ name: 'desktop.sqlite3', mimeType: 'application/vnd.sqlite3', buffer: readFileSync('src/testing/fixtures/refinery-made.sqlite3') });
  await expect(page.getByText(/Your database was backed up first/)).toBeVisible();
  await expect(backupRows(page)).toHaveCount(1); // the one backup, listed at once
  await expect(backupRows(page).nth(0)).toContainText('Before an import');

  const other = await context.newPage();
  await other.goto(page.url());
  await expectReady(other);
  await expectTitles(other, ['Mine before anything', 'Rust CLI tool — parse CSV files', 'Need a React developer for a dashboard']);

  // Restore the import's backup: back to the one proposal, here and in the other tab.
  await backupRows(page).nth(0).getByRole('button', { name: /^Restore backup / }).click();
  await confirmAsked(page);
  await expect(page.getByRole('status').filter({ hasText: /^Restored the backup upwork-researcher backup .* \(before import, v\d+\)\.sqlite3: 1 proposal, schema version \d+\. The database you had is kept as the backup upwork-researcher backup .* \(before restore, v/ })).toBeVisible();
  await expectReady(page);
  await expectTitles(page, ['Mine before anything']);
  await expectReady(other);
  await expectTitles(other, ['Mine before anything']);

  // Replace with a file: a database refinery made, whose API key is in clear. Asked in `page`, served
  // by `other`'s worker, the owner, whose tab reloads on hearing it: the answer still reaches `page`.
  if (await role(page) === 'owner') {
    await page.reload(); // its worker goes: the lock passes to the other tab's
    await expectReady(page);
  }
  expect(await role(other)).toBe('owner');
  await openDatabasePanel(page);
  await page.getByLabel('Replace the database with a database file').setInputFiles({ name: 'desktop-key.sqlite3', mimeType: 'application/vnd.sqlite3', buffer: desktopWithKey('sk-ant-from-the-desktop-app') });
  await confirmAsked(page);
  await expect(page.getByRole('status').filter({ hasText: /^Restored desktop-key\.sqlite3: 2 proposals, schema version \d+\./ })).toBeVisible({ timeout: 30_000 }); // a backup, a check, a migration and a swap: slow on a busy machine
  await expectReady(page);
  await expectTitles(page, ['Rust CLI tool — parse CSV files', 'Need a React developer for a dashboard']);
  await expectTitles(other, ['Rust CLI tool — parse CSV files', 'Need a React developer for a dashboard']);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel(/^API key/)).toHaveValue('sk-ant-from-the-desktop-app');
  await openDatabasePanel(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the database file' }).click()]);
  expect(readFileSync((await download.path())!).includes('sk-ant-from-the-desktop-app')).toBe(false);

  // Each kind listed with its date and size; deleting one shows in every tab.
  await expect(backupRows(page)).toHaveCount(3);
  await expect(backupRows(page).filter({ hasText: 'Before a restore' })).toHaveCount(2);
  await openDatabasePanel(other);
  await expect(backupRows(other)).toHaveCount(3);
  await backupRows(page).filter({ hasText: 'Before an import' }).getByRole('button', { name: /^Delete backup / }).click();
  await confirmAsked(page);
  await expect(backupRows(page)).toHaveCount(2);
  await expect(backupRows(other)).toHaveCount(2);
});

test('a file that cannot be restored is refused, naming the problem, and nothing changes', async ({ app: page }) => {
  await saveProposal(page, 'Precious', 'Still here');
  await openDatabasePanel(page);
  const cases: [string, Buffer, RegExp][] = [
    ['notes.sqlite3', Buffer.from('just some text, not a database at all '.repeat(20)), /notes\.sqlite3 was not restored: The database file is not an SQLite database/],
    ['cut.sqlite3', readFileSync('src/testing/fixtures/refinery-made.sqlite3').subarray(0, 6000), /cut\.sqlite3 was not restored: The database file (is damaged|cannot be read)/],
  ];
  for (const [name, buffer, message] of cases) {
    await page.getByLabel('Replace the database with a database file').setInputFiles({ name, mimeType: 'application/vnd.sqlite3', buffer });
    await confirmAsked(page);
    await expect(page.getByRole('alert')).toHaveText(message);
  }
  await expect(backupRows(page)).toHaveCount(0); // nothing was backed up: nothing was about to change
  await page.getByRole('button', { name: 'Proposals', exact: true }).click();
  await expectTitles(page, ['Precious']);
});

test('a start-up that fails (a database from a newer version) offers the backups, and restoring one gets the app back', async ({ browser, server }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(server.url);
  await expectReady(page);
  await saveProposal(page, 'Written before the newer version', 'Here');
  server.setRoot(build.newerNext);
  await page.reload();
  await expectReady(page); // migrated forward, after a backup
  server.setRoot(build.current);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'This database was updated by a newer version of the app' })).toBeVisible();
  await backupRows(page).filter({ hasText: 'Before an update' }).getByRole('button', { name: /^Restore backup / }).click();
  await confirmAsked(page);
  await expectReady(page);
  await expect(page.getByRole('status').filter({ hasText: /^Restored the backup upwork-researcher backup .* \(before update, / })).toBeVisible();
  await expectTitles(page, ['Written before the newer version']);
  await context.close();
});

/** A database of this app's kind with many proposals: copying it in takes a while, for a crash to land in. */
function bigDatabase(proposals: number): Buffer {
  const path = join(tmpdir(), `big-${process.pid}-${Date.now()}.sqlite3`);
  writeFileSync(path, readFileSync('src/testing/fixtures/refinery-made.sqlite3'));
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const db = new Database(path);
  const insert = db.prepare(`INSERT INTO proposals (job_content, generated_text, created_at) VALUES (?, ?, '2025-01-01 00:00:00')`);
  db.transaction(() => { for (let i = 0; i < proposals; i++) insert.run(`Restored job ${i}`, 'x'.repeat(3000)); })();
  db.close();
  return readFileSync(path);
}

test('a crash in the middle of a restore leaves the old database or the new one, never a mix', async ({ app: page, context, server }) => {
  test.setTimeout(120_000);
  const big = bigDatabase(4000); // 4,002 proposals with the desktop app's two, ~14 MB
  await saveProposal(page, 'The old database', 'One proposal');
  const outcomes: string[] = [];
  let tab = page;
  // The owner's worker says when the swap starts: the crash lands that many ms later.
  for (const delay of [0, 150, 600, 1100]) {
    const swapping = new Promise<void>((resolve) => {
      const watch = (w: import('@playwright/test').Worker) => w.on('console', (m) => { if (m.text().includes('restore: swapping the database in')) resolve(); });
      tab.workers().forEach(watch);
      tab.on('worker', watch);
    });
    await openDatabasePanel(tab);
    await tab.getByLabel('Replace the database with a database file').setInputFiles({ name: 'big.sqlite3', mimeType: 'application/vnd.sqlite3', buffer: big });
    await confirmAsked(tab);
    await swapping;
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const cdp = await context.newCDPSession(tab);
    const crashed = new Promise((r) => tab.once('crash', r));
    void cdp.send('Page.crash').catch(() => {});
    await crashed;

    tab = await context.newPage();
    await tab.goto(server.url);
    await expectReady(tab);
    const total = await tab.evaluate(async () => (await window.__upworkResearcher!.db.listProposals(0, 1)).total);
    outcomes.push(`${delay} ms: ${total === 1 ? 'old' : total === 4002 ? 'new' : total}`);
    expect([1, 4002]).toContain(total);
    await openDatabasePanel(tab);
    const [file] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('button', { name: 'Download the database file' }).click()]);
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const db = new Database((await file.path())!, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) AS n FROM proposals').get().n).toBe(total);
    db.close();
    if (total === 4002) break; // restored: a later crash has nothing left to interrupt
  }
  // Each crash came after the swap had begun: one that left the old database interrupted a swap
  // under way (and left no mix of the two, checked above).
  expect(outcomes.filter((o) => o.endsWith('old')).length, `a crash interrupted the swap: ${outcomes.join(', ')}`).toBeGreaterThan(0);
  // Left alone, the same restore completes.
  const swapped = new Promise<string>((resolve) => {
    const watch = (w: import('@playwright/test').Worker) => w.on('console', (m) => { if (/restore: swapped in/.test(m.text())) resolve(m.text()); });
    tab.workers().forEach(watch);
    tab.on('worker', watch);
  });
  await openDatabasePanel(tab);
  await tab.getByLabel('Replace the database with a database file').setInputFiles({ name: 'big.sqlite3', mimeType: 'application/vnd.sqlite3', buffer: big });
  await confirmAsked(tab);
  const took = await swapped;
  await expect(tab.getByRole('status').filter({ hasText: /^Restored big\.sqlite3: 4002 proposals/ })).toBeVisible({ timeout: 30_000 });
  console.log(`restore crashed this long after the swap began, and what was there after: ${outcomes.join(', ')}; uninterrupted: ${took}`);
});
