import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, expectReady, expectTitles, saveProposal, test } from './fixtures.ts';

async function importFile(page: Page, name: string, buffer: Buffer, mimeType = 'application/json') {
  await page.getByRole('button', { name: 'Database', exact: true }).click();
  await page.getByLabel('Import a JSON export or a database file').setInputFiles({ name, mimeType, buffer });
}

test('theme applies at once and on the next start without a flash', async ({ app: page }) => {
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => { (window as { __themeAtDcl?: string | null }).__themeAtDcl = document.documentElement.getAttribute('data-theme'); });
  });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(20, 21, 19)');
  await page.reload();
  await expectReady(page);
  expect(await page.evaluate(() => (window as { __themeAtDcl?: string }).__themeAtDcl)).toBe('dark');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('radio', { name: 'Follow the system' }).check();
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(20, 21, 19)');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(247, 247, 245)');
});

test('the API key is masked, never logged, and in no file that leaves the browser: JSON export, database file, backups', async ({ app: page }) => {
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const key = page.getByLabel(/^API key/);
  await key.fill('sk-ant-very-secret-123');
  await expect(key).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(key).toHaveAttribute('type', 'text');
  await page.getByRole('button', { name: 'Hide' }).click();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(/^Settings saved/)).toBeVisible();

  await page.getByRole('button', { name: 'Proposals', exact: true }).click();
  await saveProposal(page, 'Job for the export', 'Text');
  await page.getByRole('button', { name: 'Database', exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export proposals (JSON)' }).click()]);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text).not.toContain('sk-ant-very-secret-123');
  expect(JSON.parse(text).settings).toMatchObject({ api_provider: 'anthropic' });
  expect(logs.join('\n')).not.toContain('sk-ant-very-secret-123');

  // The database file, and a backup (an import makes one first), hold it only sealed.
  const leaves = async (button: RegExp | string) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).first().click()]);
    return readFileSync((await d.path())!);
  };
  const file = await leaves('Download the database file');
  expect(file.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
  expect(file.includes('sk-ant-very-secret-123')).toBe(false);
  expect(file.includes('sealed:v1:')).toBe(true);
  await page.getByLabel('Import a JSON export or a database file').setInputFiles({ name: 'desktop.sqlite3', mimeType: 'application/vnd.sqlite3', buffer: readFileSync('src/testing/fixtures/refinery-made.sqlite3') });
  await expect(page.getByText(/Your database was backed up first/)).toBeVisible();
  const backup = await leaves(/^Download backup /);
  expect(backup.includes('sk-ant-very-secret-123')).toBe(false);
  expect(backup.includes('sealed:v1:')).toBe(true);

  // Here it is still the key: after a reload the Settings screen shows it, opened.
  await page.reload();
  await expectReady(page);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel(/^API key/)).toHaveValue('sk-ant-very-secret-123');
});

test('export to JSON, then import into an empty browser gives the same proposals; twice adds nothing', async ({ app: page, browser, server }) => {
  await saveProposal(page, 'First exported job', 'Proposal one');
  await page.getByRole('combobox', { name: 'Outcome', exact: true }).selectOption('sent');
  await saveProposal(page, 'Second exported job', 'Proposal two — ünïcode 🚀');
  await page.getByRole('button', { name: 'Database', exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export proposals (JSON)' }).click()]);
  const name = download.suggestedFilename();
  expect(name).toMatch(/^upwork-researcher-proposals-\d{8}T\d{9}Z\.json$/);
  await expect(page.getByText(`Exported 2 proposals to ${name}`)).toBeVisible();
  const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(file.metadata).toMatchObject({ proposal_count: 2, app_version: expect.any(String), export_date: expect.any(String) });
  expect(file.proposals.map((p: { job_content: string; status: string }) => [p.job_content, p.status])).toEqual([['First exported job', 'sent'], ['Second exported job', 'draft']]);
  for (const p of file.proposals) expect(Object.keys(p)).toEqual(expect.arrayContaining(['id', 'job_content', 'generated_text', 'created_at', 'updated_at']));

  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(server.url);
  await expectReady(fresh);
  await importFile(fresh, name, readFileSync((await download.path())!));
  await expect(fresh.getByText(`Imported ${name}: 2 proposals added, 0 already there.`)).toBeVisible();
  await importFile(fresh, name, readFileSync((await download.path())!));
  await expect(fresh.getByText(`Imported ${name}: 0 proposals added, 2 already there.`)).toBeVisible();
  await fresh.getByRole('button', { name: 'Proposals', exact: true }).click();
  await expectTitles(fresh, ['Second exported job', 'First exported job']);
  await fresh.getByRole('list', { name: /^Proposals, newest first/ }).getByRole('button', { name: /^Second exported job/ }).click();
  await expect(fresh.getByRole('textbox', { name: 'Proposal' })).toHaveValue('Proposal two — ünïcode 🚀');
});

test('a malformed, truncated or wrong-shape file gets a clear error and changes nothing', async ({ app: page }) => {
  await saveProposal(page, 'Precious job', 'Precious proposal');
  const cases: [string, string, RegExp][] = [
    ['garbage.json', 'this is not json', /garbage\.json was not imported: The file is not valid JSON/],
    ['truncated.json', '{"metadata":{"proposal_count":2},"proposals":[{"job_content":"a","generated_text":"b","created_at":"2025-01-01 00:00:00"', /truncated\.json was not imported: The file is not valid JSON: it looks cut short/],
    ['shape.json', JSON.stringify({ items: [] }), /shape\.json was not imported: This is not an Upwork Researcher export/],
    ['row.json', JSON.stringify({ proposals: [{ job_content: 'ok', created_at: '2025-01-01 00:00:00' }, { generated_text: 'no job' }] }), /proposal 2: job_content is missing.*Nothing was changed/],
    ['fake.sqlite3', 'SQLite format 3\u0000' + 'x'.repeat(2000), /fake\.sqlite3 was not imported: The database file/],
  ];
  for (const [name, body, message] of cases) {
    await importFile(page, name, Buffer.from(body));
    await expect(page.getByRole('alert')).toHaveText(message);
  }
  await page.getByRole('button', { name: 'Proposals', exact: true }).click();
  await expectTitles(page, ['Precious job']);
});

test('a database file that refinery made with this app\'s first migrations is read and its proposals imported, after a backup', async ({ app: page }) => {
  await saveProposal(page, 'Already here', 'Yes');
  await importFile(page, 'desktop.sqlite3', readFileSync('src/testing/fixtures/refinery-made.sqlite3'), 'application/vnd.sqlite3');
  await expect(page.getByText(/^Imported desktop\.sqlite3: 2 proposals added, 0 already there\. Your database was backed up first \(upwork-researcher backup .* \(before import, v\d+\)\.sqlite3\)/)).toBeVisible();
  await page.getByRole('button', { name: 'Proposals', exact: true }).click();
  await expectTitles(page, ['Already here', 'Rust CLI tool — parse CSV files', 'Need a React developer for a dashboard']);

  await page.getByRole('button', { name: 'Database', exact: true }).click();
  const [db] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the database file' }).click()]);
  expect(readFileSync((await db.path())!).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
});

test('a JSON file cannot redirect requests: its provider, address, model, prompt and profile are shown, and "Keep my settings" is the default', async ({ app: page }) => {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Provider').selectOption({ label: 'Anthropic (Claude)' });
  await page.getByLabel(/^API key/).fill('sk-ant-mine');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(/^Settings saved/)).toBeVisible();
  const hostile = (n: number, baseUrl: string) => Buffer.from(JSON.stringify({
    proposals: [{ job_content: `Job from a shared file ${n}`, generated_text: 'x', created_at: '2025-01-01 00:00:00' }],
    settings: { api_provider: 'openai', api_base_url: baseUrl, api_model: 'collector', prompt_template: 'Send it all: {{job}}' },
  }));

  await importFile(page, 'shared.json', hostile(1, 'https://collector.example/v1'));
  const dialog = page.getByRole('alertdialog', { name: 'This file would change your AI settings' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row', { name: /Base URL/ })).toContainText('https://api.anthropic.com');
  await expect(dialog.getByRole('row', { name: /Base URL/ })).toContainText('https://collector.example/v1');
  await expect(dialog.getByRole('button', { name: 'Keep my settings' })).toBeFocused();
  await expect(page.getByText('Importing shared.json…')).toHaveCount(0); // nothing is imported while it asks
  await page.keyboard.press('Enter');
  await expect(page.getByText(/^Imported shared\.json: 1 proposal added, 0 already there\. Your AI provider and profile settings were kept \(the file's 4 different ones were not applied\)\./)).toBeVisible();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel('Base URL')).toHaveValue('https://api.anthropic.com');
  await expect(page.getByLabel('Model')).toHaveValue('claude-sonnet-4-5');

  // Escape cancels the whole import, even after a click on the dialog's text took the focus off its buttons.
  await importFile(page, 'shared2.json', hostile(2, 'https://collector.example/v1'));
  await expect(dialog).toBeVisible();
  await dialog.getByRole('heading').click();
  // A modal dialog: Tab goes round its buttons (and out to the browser) but never to the page behind it.
  const reached = new Set<string>();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    reached.add(await dialog.evaluate((d) => (d.contains(document.activeElement) ? document.activeElement!.textContent! : document.activeElement === document.body ? '(none)' : 'the page behind')));
  }
  expect([...reached].sort()).toEqual(['(none)', 'Cancel the import', 'Keep my settings', "Use the file's settings"]);
  await page.keyboard.press('Escape');
  await expect(page.getByText('shared2.json was not imported: you cancelled. Nothing was changed.')).toBeVisible();

  // Taking them is a choice, and still checked as the Settings screen checks: http:// to another host is refused.
  await importFile(page, 'shared3.json', hostile(3, 'http://collector.example/v1'));
  await dialog.getByRole('button', { name: "Use the file's settings" }).click();
  await expect(page.getByRole('alert')).toContainText(/shared3\.json was not imported: The file's settings cannot be used: The base URL "http:\/\/collector\.example\/v1" must be an https/);
  await page.getByRole('button', { name: 'Proposals', exact: true }).click();
  await expectTitles(page, ['Job from a shared file 1']);
});
