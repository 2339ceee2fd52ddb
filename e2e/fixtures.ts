import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';
import { serve } from '../scripts/serve.mjs';
import { build } from './builds.ts';

export interface AppServer {
  url: string;
  setRoot(dir: string): void;
  close(): Promise<void>;
}

/** Each worker serves the app on its own port, so each has its own origin (and its own OPFS). E2E_PORT_BASE moves
 * them, so two checkouts can run their suites at once. */
export const test = base.extend<{ server: AppServer; app: Page }, { port: number }>({
  port: [({}, use, workerInfo) => use(Number(process.env.E2E_PORT_BASE ?? 4300) + workerInfo.workerIndex), { scope: 'worker' }],
  server: async ({ port }, use) => {
    const server: AppServer = await serve({ root: build.current, port });
    await use(server);
    await server.close();
  },
  // A page with the app open and ready; start-up errors in the console fail the test.
  app: async ({ page, server }, use) => {
    const errors = collectStartupErrors(page);
    await page.goto(server.url);
    await expectReady(page);
    expect(errors.stop(), 'console errors during start-up').toEqual([]);
    await use(page);
  },
});

/** Console errors and uncaught exceptions from now until `stop()`, which returns them. */
export function collectStartupErrors(page: Page) {
  const errors: string[] = [];
  const onConsole = (m: ConsoleMessage) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); };
  const onError = (e: Error) => errors.push(`uncaught: ${e.message}`);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  return {
    stop() {
      page.off('console', onConsole);
      page.off('pageerror', onError);
      return errors;
    },
  };
}

/** This tab's database worker: 'owner' (it holds the database), 'candidate' (it asks the owner)… */
export const role = (page: Page) => page.evaluate(() => window.__upworkResearcher!.role());

export async function expectReady(page: Page) {
  await expect(page.locator('main[data-ready]')).toBeVisible();
}

/** Starts a new proposal, types it, and saves it with the Save button. */
export async function saveProposal(page: Page, job: string, proposal: string) {
  await page.getByRole('button', { name: /^New proposal/ }).click();
  await page.getByRole('textbox', { name: 'Job post' }).fill(job);
  await page.getByRole('textbox', { name: 'Proposal' }).fill(proposal);
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The history list shows these titles, newest first. */
export function expectTitles(page: Page, titles: string[]) {
  return expect(page.getByRole('list', { name: /^Proposals, newest first/ }).getByRole('button')).toHaveText(titles.map((t) => new RegExp(`^${escape(t)}`)));
}

/** The history list shows these titles, once each, in any order: for rows whose order depends on timing. */
export function expectTitlesInAnyOrder(page: Page, titles: string[]) {
  const rows = page.getByRole('list', { name: /^Proposals, newest first/ }).getByRole('button');
  const titleOf = (row: string) => titles.find((t) => row.startsWith(t)) ?? row;
  return expect.poll(async () => (await rows.allTextContents()).map(titleOf).sort()).toEqual([...titles].sort());
}

export async function historyRows(page: Page) {
  await page.getByRole('button', { name: 'Database', exact: true }).click();
  await openTechnicalDetails(page);
  const rows = page.getByRole('table', { name: /^Applied migrations/ }).getByRole('row');
  await expect(rows.nth(1)).toBeVisible();
  return rows.evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
}

export { expect };

/** Unfolds the Database screen's technical details (schema, SQLite, migrations), folded below what a person needs. */
export async function openTechnicalDetails(page: Page) {
  const details = page.locator('details.technical');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
}
