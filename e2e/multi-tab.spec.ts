// Several tabs of the app in one browser context (one origin, one OPFS): every tab is the whole
// app, one owns the database, and nothing is lost as tabs come, go, crash or freeze.
import type { BrowserContext, Page } from '@playwright/test';
import { collectStartupErrors, expect, expectReady, expectTitles, saveProposal, test } from './fixtures.ts';

/** Opens `n` more tabs of the app in the context, each ready, with no start-up error. */
async function openTabs(context: BrowserContext, url: string, n: number): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < n; i++) {
    const page = await context.newPage();
    const errors = collectStartupErrors(page);
    await page.goto(url);
    await expectReady(page);
    expect(errors.stop()).toEqual([]);
    pages.push(page);
  }
  return pages;
}

const role = (page: Page) => page.evaluate(() => window.__upworkResearcher!.role());

async function owner(pages: Page[]): Promise<Page> {
  await expect.poll(async () => (await Promise.all(pages.map(role))).filter((r) => r === 'owner').length).toBe(1);
  const roles = await Promise.all(pages.map(role));
  return pages[roles.indexOf('owner')];
}

/** Calls the database as the UI does, from a tab. */
function call<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([m, a]) => (window.__upworkResearcher!.db as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>)[m as string](...(a as unknown[])), [method, args] as const) as Promise<T>;
}

test('three tabs are each the whole app: a change in one shows in the others, live', async ({ app: first, context, server }) => {
  const [second, third] = await openTabs(context, server.url, 2);
  const all = [first, second, third];
  expect((await Promise.all(all.map(role))).sort()).toEqual(['candidate', 'candidate', 'owner']);

  // Written in a tab that does not own the database, shown in the two others without a reload.
  const holder = await owner(all);
  const writer = all.find((p) => p !== holder)!;
  await saveProposal(writer, 'Live job from another tab', 'Written in one tab.');
  for (const p of all) await expectTitles(p, ['Live job from another tab']);

  // Search in another tab finds it.
  await third.getByRole('searchbox', { name: 'Search proposals' }).fill('live');
  await expect(third.getByRole('list', { name: 'Search results, best first' }).getByRole('button')).toHaveCount(1);

  // A setting changed in one tab applies in all: the theme.
  await third.getByRole('button', { name: 'Settings', exact: true }).click();
  await third.getByRole('radio', { name: 'Dark' }).check();
  for (const p of all) await expect(p.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('when the owner tab closes, reloads, crashes or freezes, another tab takes over by itself and calls made meanwhile complete', async ({ app: first, context, server }) => {
  const pages = [first, ...await openTabs(context, server.url, 2)];
  const created: number[] = [];
  const write = async (page: Page, title: string) => created.push((await call<{ id: number }>(page, 'createProposal', { jobContent: title })).id);

  // Closed: a call made right away by another tab waits for the next owner, then completes.
  let holder = await owner(pages);
  let others = pages.filter((p) => p !== holder);
  await holder.close();
  pages.splice(pages.indexOf(holder), 1);
  await write(others[0], 'After the owner closed');

  // Reloaded: the reloaded tab is not locked out; it comes back as a follower.
  holder = await owner(pages);
  await holder.reload();
  await expectReady(holder);
  await write(holder, 'From the tab that reloaded');

  // Crashed (the renderer process dies): the next owner rolls back what was half written, if anything.
  holder = await owner(pages);
  others = pages.filter((p) => p !== holder);
  const cdp = await context.newCDPSession(holder);
  // The reply to Page.crash comes late, if ever: wait for the crash itself.
  const crashed = new Promise((r) => holder.once('crash', r));
  void cdp.send('Page.crash').catch(() => {});
  await crashed;
  pages.splice(pages.indexOf(holder), 1);
  await write(others[0], 'After the owner crashed');
  pages.push(...await openTabs(context, server.url, 1));

  // Frozen by the browser, as a background tab is. Headless Chromium never hides a page, so CDP's
  // Page.setWebLifecycleState cannot freeze it here: the test fires the page's freeze and resume
  // events, as the browser does around a freeze. The tab hands over at once and joins again later.
  holder = await owner(pages);
  others = pages.filter((p) => p !== holder);
  await holder.evaluate(() => document.dispatchEvent(new Event('freeze')));
  await write(others[0], 'While the owner was frozen');
  await holder.evaluate(() => document.dispatchEvent(new Event('resume')));
  await write(holder, 'From the tab that was frozen');

  // Left for another page and come back to (kept in the back/forward cache, or unloaded).
  holder = await owner(pages);
  others = pages.filter((p) => p !== holder);
  await holder.goto(`${server.url}favicon.svg`);
  await write(others[0], 'While the owner was away');
  await holder.goBack();
  await expectReady(holder);
  await write(holder, 'From the tab that came back');

  // Every write that was confirmed is there, once.
  const titles = (await call<{ items: { id: number; title: string }[] }>(pages[0], 'listProposals', 0, 50)).items;
  expect(titles.map((t) => t.id).sort((a, b) => a - b)).toEqual([...created].sort((a, b) => a - b));
  expect(titles.map((t) => t.title).sort()).toEqual([
    'After the owner closed', 'After the owner crashed', 'From the tab that came back', 'From the tab that reloaded',
    'From the tab that was frozen', 'While the owner was away', 'While the owner was frozen',
  ]);
  expect(await Promise.all(pages.map((p) => p.locator('main[data-ready]').count()))).toEqual(pages.map(() => 1));
});
