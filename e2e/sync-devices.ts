// Devices for the sync tests: each a browser context of its own (its own OPFS) with the app open,
// and what a person does with sync there (turn it on, show the code, join, edit).
import type { Browser, Page } from '@playwright/test';
import { spawnSyncServer } from '../scripts/sync-server-process.mjs';
import { collectStartupErrors, expect, expectReady } from './fixtures.ts';

export type SyncServer = Awaited<ReturnType<typeof spawnSyncServer>>;

/** A device: a new browser context (its own storage) with the app open and ready. */
export async function device(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const errors = collectStartupErrors(page);
  await page.goto(url);
  await expectReady(page);
  expect(errors.stop()).toEqual([]);
  return page;
}

export const view = (page: Page, name: 'Proposals' | 'Database') => page.getByRole('button', { name, exact: true }).click();
export const syncStatus = (page: Page) => page.getByTestId('sync-status');
export const badge = (page: Page) => page.getByTestId('sync-badge');

export async function turnOnSync(page: Page, server: string) {
  await view(page, 'Database');
  await page.getByLabel('Sync server address').fill(server);
  await page.getByRole('button', { name: 'Turn on sync' }).click();
  await expect(badge(page)).toHaveText('Synced');
  await view(page, 'Proposals');
}

export async function pairingCode(page: Page): Promise<string> {
  await view(page, 'Database');
  await page.getByRole('button', { name: 'Show the pairing code' }).click();
  await expect(page.getByRole('img', { name: 'QR code of the pairing code' })).toBeVisible();
  return page.getByLabel(/^Pairing code/).inputValue();
}

export async function join(page: Page, code: string) {
  await view(page, 'Database');
  await page.getByLabel('Pairing code from a device that syncs').fill(code);
  await page.getByRole('button', { name: 'Join' }).click();
}

export const open = (page: Page, title: string) => page.getByRole('list', { name: /^Proposals, newest first/ }).getByRole('button', { name: new RegExp(`^${title}`) }).click();

/** Opens a proposal by its title and replaces its text; resolves once saved. */
export async function editProposal(page: Page, title: string, text: string) {
  await view(page, 'Proposals');
  await open(page, title);
  await page.getByRole('textbox', { name: 'Proposal' }).fill(text);
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
}

export function call<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([m, a]) => (window.__upworkResearcher!.db as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>)[m as string](...(a as unknown[])), [method, args] as const) as Promise<T>;
}

/** Every proposal's title, read through the database (the list draws only the rows on screen). */
export const titles = async (page: Page) => (await call<{ items: { title: string }[] }>(page, 'listProposals', 0, 500)).items.map((p) => p.title).sort();
