import { readFileSync } from 'node:fs';
import type { Download } from '@playwright/test';
import { readMigrations } from '../src/build/read-migrations.ts';
import { databaseContents, makeSchemaImage } from '../src/build/schema-image.ts';
import { migrate } from '../src/migrate/index.ts';
import { sqlite3, testDb } from '../src/testing/sqlite.ts';
import { BROKEN_NEXT, build, CURRENT_VERSION, NEWER_NEXT, NEXT, VERSIONS } from './builds.ts';
import { expect, expectReady, expectTitles, historyRows, saveProposal, test } from './fixtures.ts';

const APPLIED_ON = expect.stringMatching(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
const V1 = ['1', 'initial_schema', APPLIED_ON, '105872891364838878'];
const V2 = ['2', 'add_settings_table', APPLIED_ON, '4782535381122879736'];
const LATER = VERSIONS.filter((v) => v > 2).map((v) => [String(v), expect.any(String), APPLIED_ON, expect.stringMatching(/^\d{1,20}$/)]);

/** Opens a downloaded database file with SQLite (Node) and runs a query on it. */
async function queryDownload(download: Download, sql: string) {
  const t = testDb(new Uint8Array(readFileSync((await download.path())!)));
  try { return t.db.query(sql); } finally { t.close(); }
}


test.describe('database start-up and migrations', () => {
  // Switching builds on one origin: keep the service worker from serving the previous build.
  test.use({ serviceWorkers: 'block' });

  test('the first visit gives a new database every migration from V1, copied in as the build made them: checked, dated now, the same as running them', async ({ page, server }) => {
    const logs: string[] = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    const before = new Date().toISOString();
    await page.goto(server.url);
    await expectReady(page);
    const after = new Date().toISOString();
    const rows = await historyRows(page);
    expect(rows).toEqual([V1, V2, ...LATER]);
    // Dated when it happened, as running them would be: not when the app was built.
    for (const [, , shown] of rows) {
      const appliedOn = shown.split(' ').at(-1)!; // the cell shows it for a person, then as stored
      expect(appliedOn >= before.slice(0, 19) && appliedOn <= after, `${appliedOn} between ${before} and ${after}`).toBe(true);
    }
    await expect(page.getByTestId('schema-version')).toHaveText(String(CURRENT_VERSION));
    await expect(page.getByText('Saved in this browser (OPFS, opfs-sahpool VFS)')).toBeVisible();
    await expect(page.getByText(new RegExp(`Created at version ${CURRENT_VERSION}, its migrations' result copied in as the app was built \\(history checked\\), in [\\d.]+ ms`))).toBeVisible();
    expect(logs.find((l) => l.startsWith(`info: [database] ready at V${CURRENT_VERSION} (a new database, given V1–V${CURRENT_VERSION} as the build made them`))).toBeTruthy();
    // The file holds what running V1…V9 in Node makes: every object and row, times aside.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the database file' }).click()]);
    const copied = testDb(new Uint8Array(readFileSync((await file.path())!)));
    const migrations = readMigrations('migrations');
    const ran = testDb();
    try {
      await migrate(ran.db, migrations);
      expect(copied.db.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      const image = await makeSchemaImage(sqlite3, migrations);
      expect(databaseContents(copied.raw, image.clockCells)).toEqual(databaseContents(ran.raw, image.clockCells));
    } finally {
      copied.close();
      ran.close();
    }
  });

  test('a saved proposal survives a reload, and the second visit applies nothing', async ({ app: page }) => {
    await saveProposal(page, 'Need a Rust developer\nfor a CLI', 'Hello, I write Rust every day.');
    await saveProposal(page, 'Landing page in Preact', 'I can start today.');
    await expectTitles(page, ['Landing page in Preact', 'Need a Rust developer']);
    const before = await historyRows(page);

    await page.reload();
    await expectReady(page);
    await expectTitles(page, ['Landing page in Preact', 'Need a Rust developer']);
    await expect(page.getByRole('textbox', { name: 'Job post' })).toHaveValue('Landing page in Preact'); // the last one open
    expect(await historyRows(page)).toEqual(before); // same applied_on: nothing re-applied
    await expect(page.getByText(/Nothing to update/)).toBeVisible();
    await expect(page.getByText('No backups yet.')).toBeVisible(); // nothing applied, so no backup
  });

  test('a broken migration shows the error screen, and the good build still has every row', async ({ app: page, server }) => {
    await saveProposal(page, 'Data pipeline in Python', 'I have built ETL pipelines for years.');
    const before = await historyRows(page);

    server.setRoot(build.brokenNext);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'The database update failed' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText(`Migration V${NEXT}__${BROKEN_NEXT.name} failed at line ${BROKEN_NEXT.line}: SQLITE_ERROR: no such table: proposal`);
    await expect(page.getByRole('alert')).toContainText('Nothing was changed');

    // The user can take the database away, as it is: at the version before, with the proposal.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the database file' }).click()]);
    expect(file.suggestedFilename()).toMatch(/^upwork-researcher-\d{8}T\d{9}Z\.sqlite3$/);
    expect(await queryDownload(file, 'SELECT max(version) AS v FROM refinery_schema_history')).toEqual([{ v: CURRENT_VERSION }]);
    expect(await queryDownload(file, `SELECT count(*) AS n FROM pragma_table_info('proposals') WHERE name = 'client_rating'`)).toEqual([{ n: 0 }]);
    // A backup was taken before the attempt, and can be downloaded.
    const backup = page.getByRole('button', { name: new RegExp(`^Download backup upwork-researcher backup .* \\(before update, v${CURRENT_VERSION}\\)`) });
    await expect(backup).toHaveCount(1);
    const [copy] = await Promise.all([page.waitForEvent('download'), backup.click()]);
    expect(await queryDownload(copy, 'SELECT job_content FROM proposals')).toEqual([{ job_content: 'Data pipeline in Python' }]);
    // The OPFS file after the failed run is byte for byte the backup taken just before it.
    expect(readFileSync((await file.path())!).equals(readFileSync((await copy.path())!))).toBe(true);

    server.setRoot(build.current);
    await page.reload();
    await expectReady(page);
    await expectTitles(page, ['Data pipeline in Python']);
    expect(await historyRows(page)).toEqual(before);
    await expect(page.getByTestId('schema-version')).toHaveText(String(CURRENT_VERSION));
  });

  test('a database from a newer version says so, and loses nothing', async ({ app: page, server }) => {
    await saveProposal(page, 'Shopify theme tweaks', 'I know Liquid well.');
    server.setRoot(build.newerNext);
    await page.reload();
    await expectReady(page);
    expect((await historyRows(page)).map((r) => r[1]).at(-1)).toBe(NEWER_NEXT.name);
    await expect(page.getByText(new RegExp(`Updated from version ${CURRENT_VERSION} to ${NEXT} .*after backing up to upwork-researcher backup .* \\(before update, v${CURRENT_VERSION}\\)`))).toBeVisible();

    server.setRoot(build.current);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'This database was updated by a newer version of the app' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText(`version ${NEXT} (V${NEXT}__${NEWER_NEXT.name})`);
    await expect(page.getByText(/^Reload to update the app/)).toBeVisible();

    server.setRoot(build.newerNext);
    await page.getByRole('button', { name: 'Reload' }).click();
    await expectReady(page);
    await page.getByRole('button', { name: 'Proposals', exact: true }).click();
    await expectTitles(page, ['Shopify theme tweaks']);
  });
});
