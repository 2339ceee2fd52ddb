// The desktop app's real files brought in, in Chromium: its JSON export, its databases at V27
// and V30 (a WAL-mode copy with and without its -wal), imported and used to replace this app's
// database; then every value checked in the database file the app downloads.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { expect as vitestExpect } from 'vitest';
import type { Page } from '@playwright/test';
import type { Db } from '../src/db/domain/db.ts';
import { expectDesktopFixtureData } from '../src/testing/desktop-fixture-checks.ts';
import { FIXTURES, PROPOSALS } from '../src/testing/desktop-fixture-data.ts';
import { expect, expectReady, expectTitles, test } from './fixtures.ts';

const Database = createRequire(import.meta.url)('better-sqlite3');
const importInput = (page: Page) => page.getByLabel('Import a JSON export or a database file');
const openDatabasePanel = (page: Page) => page.getByRole('button', { name: 'Database', exact: true }).click();
const file = (path: string, mimeType = 'application/vnd.sqlite3') => ({ name: basename(path), mimeType, buffer: readFileSync(path) });
const liveCopy = [file(FIXTURES.v30crlfLive), file(`${FIXTURES.v30crlfLive}-wal`, 'application/octet-stream')];
const status = (page: Page, text: RegExp) => expect(page.getByRole('status').filter({ hasText: text })).toBeVisible();

/** Newest first, as the history lists them: each proposal's title is its job post's first line. */
const TITLES = [...PROPOSALS].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((p) => p.job.split('\n')[0]);

/** The database file the app downloads, checked with the same checks as the unit tests. */
async function expectDownloadedDatabase(page: Page, settings: 'imported' | 'replaced') {
  await openDatabasePanel(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the database file' }).click()]);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.includes(Buffer.from('sk-ant-desktop-secret'))).toBe(false);
  const path = join(tmpdir(), `desktop-e2e-${process.pid}-${Date.now()}.sqlite3`);
  writeFileSync(path, bytes);
  const native = new Database(path, { readonly: true });
  try {
    const db: Db = { exec: (sql) => native.exec(sql), query: (sql, params = []) => native.prepare(sql).all(...params) };
    expectDesktopFixtureData(expect as unknown as typeof vitestExpect, db, PROPOSALS, settings);
  } finally {
    native.close();
    rmSync(path, { force: true });
  }
}

test('the desktop JSON export, then its databases (V27 from Windows, V30 copied with its -wal): imported once, shown, every value kept', async ({ app: page }) => {
  await openDatabasePanel(page);
  await importInput(page).setInputFiles(file(FIXTURES.export, 'application/json'));
  await status(page, /^Imported desktop-export\.json: 8 proposals added, 0 already there\./);
  await importInput(page).setInputFiles(file(FIXTURES.v27crlf));
  await status(page, /^Imported desktop-v27-crlf\.db: 0 proposals added, 8 already there\. It was the desktop app's database at V27 \(release v0\.1\.1\), migrations with CRLF line endings \(a Windows build\)\. desktop-v27-crlf\.db is in WAL mode and came without its -wal file: if the desktop app was open when it was copied, its latest changes may be only in desktop-v27-crlf\.db-wal\./);
  await importInput(page).setInputFiles(liveCopy);
  const result = page.getByRole('status').filter({ hasText: /^Imported desktop-v30-crlf-live\.db: 0 proposals added, 8 already there\. It was the desktop app's database at V30/ });
  await expect(result).toBeVisible();
  await expect(result).not.toContainText('without its -wal');

  await page.getByRole('button', { name: 'Proposals', exact: true }).click();
  await expectTitles(page, TITLES);
  await page.getByRole('list', { name: /^Proposals, newest first/ }).getByRole('button', { name: new RegExp(`^${TITLES.at(-1)!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click();
  const [acme] = PROPOSALS;
  await expect(page.getByRole('textbox', { name: 'Job post' })).toHaveValue(acme.job);
  await expect(page.getByRole('textbox', { name: 'Proposal' })).toHaveValue(acme.text);
  await expect(page.getByLabel('Link to the job (optional)')).toHaveValue('https://www.upwork.com/jobs/~01react-dashboard');
  await expect(page.getByLabel('Client (optional)')).toHaveValue('Acme "Rockets" Ltd');
  await page.getByRole('button', { name: 'Versions (7)' }).click();
  // Newest first: the two oldest came out of the desktop's compressed archive.
  await expect(page.getByRole('region', { name: 'Earlier versions' }).locator('.version-text').last()).toHaveText('First draft: Hello!');

  await expectDownloadedDatabase(page, 'imported');
});

test('replace the database with the desktop\'s V30 copy and its -wal: converted, swapped in, every value kept', async ({ app: page }) => {
  await openDatabasePanel(page);
  await page.getByLabel('Replace the database with a database file').setInputFiles(liveCopy);
  await page.getByRole('alertdialog', { name: 'Replace all your data?' }).getByRole('button', { name: 'Replace my data' }).click();
  await status(page, /^Restored desktop-v30-crlf-live\.db: 8 proposals, schema version \d+\. It was the desktop app's database at V30 \(a build after release v0\.1\.1\), migrations with CRLF line endings/);
  await expectReady(page);
  await expectTitles(page, TITLES);
  await expectDownloadedDatabase(page, 'replaced');
});
