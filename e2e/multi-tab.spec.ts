// Several tabs of the app in one browser context (one origin, one OPFS): every tab is the whole
// app, one owns the database, and nothing is lost as tabs come, go, crash or freeze.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { build, CURRENT_VERSION, NEWER_NEXT, NEXT, VERSIONS } from './builds.ts';
import { collectStartupErrors, expect, expectReady, expectTitles, expectTitlesInAnyOrder, historyRows, role, saveProposal, test } from './fixtures.ts';

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

test('stress: 3 tabs make 300 interleaved writes each while the owner is closed and reopened twice; every write is there once', async ({ app: a, context, server }) => {
  test.setTimeout(180_000);
  const [b, ...writers] = await openTabs(context, server.url, 4);
  expect(await role(a)).toBe('owner');
  const progress = () => Promise.all(writers.map((w) => w.evaluate(() => (window as { __done?: number }).__done ?? 0)));
  const runs = writers.map((w, t) => w.evaluate(async (tab) => {
    const db = window.__upworkResearcher!.db;
    const w = window as { __done?: number };
    let id = 0;
    let text = '';
    for (let i = 0; i < 300; i++) {
      if (i % 3 === 0) {
        id = (await db.createProposal({ jobContent: `W${tab} #${i}` })).id;
        text = '';
      } else {
        text += ` u${i}`;
        await db.updateProposal(id, { generatedText: text });
      }
      w.__done = i + 1;
    }
  }, t));

  // The owner closes while the writes go on; a tab is opened again; then the next owner closes too.
  const closeOwnerAt = async (done: number, owner: Page) => {
    await expect.poll(async () => Math.min(...await progress()), { timeout: 60_000 }).toBeGreaterThanOrEqual(done);
    expect(await role(owner)).toBe('owner');
    await owner.close();
    return (await openTabs(context, server.url, 1))[0];
  };
  await closeOwnerAt(60, a);
  await closeOwnerAt(160, b);
  await Promise.all(runs);

  const page = writers[0];
  const { items, total } = await call<{ items: { id: number; title: string }[]; total: number }>(page, 'listProposals', 0, 1000);
  expect(total).toBe(300);
  const titles = items.map((p) => p.title).sort();
  expect(new Set(titles).size).toBe(300);
  for (let t = 0; t < 3; t++) {
    for (let i = 0; i < 300; i += 3) expect(titles).toContain(`W${t} #${i}`);
  }
  // Every update is there once, in order: each proposal's text lists its two updates.
  const texts = await page.evaluate(async (ids) => {
    const db = window.__upworkResearcher!.db;
    return Promise.all(ids.map(async (id) => { const p = (await db.getProposal(id))!; return [p.jobContent, p.generatedText]; }));
  }, items.map((p) => p.id));
  for (const [job, text] of texts) {
    const i = Number(job.split('#')[1]);
    expect(text).toBe(` u${i + 1} u${i + 2}`);
  }
  // The file is sound.
  const bytes = await page.evaluate(async () => Array.from((await window.__upworkResearcher!.db.exportDatabase()).bytes));
  const { sqlite3 } = await import('../src/testing/sqlite.ts');
  const { openSqliteBytes } = await import('../src/db/sqlite/sqlite-bytes.ts');
  const { db } = openSqliteBytes(sqlite3, Uint8Array.from(bytes), { check: 'full' });
  expect(db.selectValue('SELECT count(*) FROM proposals')).toBe(300);
  db.close();
});

const proposalBox = (page: Page) => page.getByRole('textbox', { name: 'Proposal' });

test('the same proposal open in two tabs: a tab with nothing unsaved follows; when both typed, neither text is lost', async ({ app: a, context, server }) => {
  await saveProposal(a, 'Shared job', 'First text.');
  const [b] = await openTabs(context, server.url, 1); // opens the proposal last opened
  await expect(proposalBox(b)).toHaveValue('First text.');

  // Nothing unsaved in b: it shows a's change, and says so.
  await proposalBox(a).fill('Changed in tab a.');
  await a.keyboard.press('Control+s');
  await expect(proposalBox(b)).toHaveValue('Changed in tab a.');
  await expect(b.getByRole('status').filter({ hasText: 'Changed in another tab' })).toBeVisible();

  // Both type before either saves. Which save lands last depends on timing (b's autosave may go
  // before a's Ctrl+S or after it, when a's change reaches b): the last one wins, the other text is
  // kept under Versions, and both tabs end up showing the same text. Neither text is lost.
  const texts = ['Typed in tab a at the same time.', 'Typed in tab b at the same time.'];
  await proposalBox(b).fill(texts[1]);
  await proposalBox(a).fill(texts[0]);
  await a.keyboard.press('Control+s');
  await expect.poll(async () => {
    const [inA, inB] = [await proposalBox(a).inputValue(), await proposalBox(b).inputValue()];
    return inA === inB && texts.includes(inA);
  }, { timeout: 15_000 }).toBe(true);
  const shown = await proposalBox(a).inputValue();
  const id = (await call<{ items: { id: number }[] }>(a, 'listProposals')).items[0].id;
  expect((await call<{ generatedText: string }>(a, 'getProposal', id)).generatedText).toBe(shown);
  const versions = await call<{ generatedText: string }[]>(a, 'listVersions', id);
  expect(versions.map((v) => v.generatedText)).toContain(texts.find((t) => t !== shown));
  await a.getByRole('button', { name: /^Versions \(\d+\)/ }).click();
  await expect(a.getByRole('region', { name: 'Earlier versions' })).toContainText(texts.find((t) => t !== shown)!);
});

test('unsaved typing belongs to its tab: two tabs writing new proposals never take each other\'s text, and a crashed tab\'s text comes back', async ({ app: a, context, server }) => {
  const [b] = await openTabs(context, server.url, 1);
  for (const page of [a, b]) await page.getByRole('button', { name: /^New proposal/ }).click();
  // Tab a's new timers never fire from here, as in a tab the browser froze: it dies before its
  // save, due 200 ms after the typing, however slow the machine (its typing is kept at once, as on
  // every keystroke). Not page.clock: that one stops every tab of the context.
  await a.evaluate(() => { window.setTimeout = (() => 0) as unknown as typeof setTimeout; });
  await a.getByRole('textbox', { name: 'Job post' }).fill('Alpha job, typed in tab a');
  await b.getByRole('textbox', { name: 'Job post' }).fill('Beta job, typed in tab b');
  // Tab a dies before its debounced save; b goes on and saves.
  await a.close({ runBeforeUnload: false });
  await b.keyboard.press('Control+s');
  await expect(b.getByRole('textbox', { name: 'Job post' })).toHaveValue('Beta job, typed in tab b');
  // Once b's editor holds the saved proposal (a reload in the middle of the save may open an empty
  // new proposal, the proposal itself saved and listed), a reload of b brings back b's proposal,
  // never a's text. (Its save status may be blank by then: the owner's change re-reads every tab.)
  await expect(b.getByRole('heading', { level: 1, name: 'Proposal', exact: true })).toBeVisible();
  await b.reload();
  await expectReady(b);
  await expect(b.getByRole('textbox', { name: 'Job post' })).toHaveValue('Beta job, typed in tab b');
  // The next tab that starts takes over what the dead tab left, and saves it, once.
  const [c] = await openTabs(context, server.url, 1);
  await expect(c.getByRole('textbox', { name: 'Job post' })).toHaveValue('Alpha job, typed in tab a');
  await expect(c.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
  const both = ['Beta job, typed in tab b', 'Alpha job, typed in tab a'];
  await expectTitlesInAnyOrder(c, both);
  await b.reload();
  await expectReady(b);
  await expectTitlesInAnyOrder(b, both);
});

test.describe('two builds of the app at once', () => {
  // Each tab loads the build the server has when it opens (no service worker serving the older one).
  test.use({ serviceWorkers: 'block' });

  test('a tab of a newer build takes the database over and migrates it once; older tabs stop and write nothing', async ({ app: a, context, server }) => {
    await saveProposal(a, 'Written before the update', 'Kept.');
    const [b] = await openTabs(context, server.url, 1);
    server.setRoot(build.newerNext);
    const [c] = await openTabs(context, server.url, 1);

    for (const old of [a, b]) {
      await expect(old.getByRole('heading', { name: 'A newer version of Upwork Researcher is open' })).toBeVisible();
      // Refused before anything runs.
      await expect(call(old, 'createProposal', { jobContent: 'From an old tab' })).rejects.toThrow(/A newer version of Upwork Researcher is open in another tab: reload/);
    }
    expect(await role(c)).toBe('owner');
    await expectTitles(c, ['Written before the update']);
    const history = await historyRows(c);
    expect(history.map((r) => r[0])).toEqual([...VERSIONS, NEXT].map(String));
    expect(history.at(-1)![1]).toBe(NEWER_NEXT.name);
    // One pre-update backup, taken at the version before.
    await expect(c.getByRole('button', { name: new RegExp(`^Download backup upwork-researcher backup .* \\(before update, v${CURRENT_VERSION}\\)`) })).toHaveCount(1);

    // Reloading an old tab brings it the newer build, as a follower.
    await a.getByRole('button', { name: 'Reload' }).click();
    await expectReady(a);
    await saveProposal(a, 'After the update, from tab a', 'Fine.');
    await c.getByRole('button', { name: 'Proposals', exact: true }).click();
    await expectTitles(c, ['After the update, from tab a', 'Written before the update']);
    expect((await call<{ items: unknown[] }>(c, 'listProposals')).items).toHaveLength(2);
  });

  test('a start-up failure (a broken migration) shows the same error screen in every tab, with the rescue downloads', async ({ app: a, context, server }) => {
    await saveProposal(a, 'Before the broken update', 'Kept.');
    server.setRoot(build.brokenNext);
    await a.reload();
    const b = await context.newPage();
    await b.goto(server.url);
    for (const page of [a, b]) {
      await expect(page.getByRole('heading', { name: 'The database update failed' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Download the database file' })).toBeVisible();
      await expect(page.getByRole('button', { name: new RegExp(`^Download backup upwork-researcher backup .* \\(before update, v${CURRENT_VERSION}\\)`) })).toHaveCount(1);
    }
    const [file] = await Promise.all([b.waitForEvent('download'), b.getByRole('button', { name: 'Download the database file' }).click()]);
    expect(file.suggestedFilename()).toMatch(/\.sqlite3$/);
  });
});

test('"Reload to update" in one tab brings every open tab to the new version', async ({ app: a, context, server }) => {
  await saveProposal(a, 'Written in the old version', 'Still here.');
  await a.evaluate(async () => { await navigator.serviceWorker.ready; });
  await a.reload();
  await expectReady(a);
  const [b] = await openTabs(context, server.url, 1);
  expect(await b.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  server.setRoot(build.newerNext);
  await a.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())!.update(); });
  await expect(a.getByText('A new version of Upwork Researcher is available.')).toBeVisible();
  const reloaded = [a, b].map((p) => p.waitForEvent('load'));
  await a.getByRole('button', { name: 'Reload to update' }).click();
  await Promise.all(reloaded);
  for (const page of [a, b]) {
    await expectReady(page);
    await page.getByRole('button', { name: 'Database', exact: true }).click();
    await expect(page.getByTestId('schema-version')).toHaveText(String(NEXT));
  }
});

test('tabs reloaded and closed in any order, typing in each: nobody is locked out, nothing is lost or doubled', async ({ app, context, server }) => {
  test.setTimeout(120_000);
  let pages = [app, ...await openTabs(context, server.url, 2)];
  let seed = 7;
  const pick = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const typed: string[] = [];
  for (let round = 0; round < 6; round++) {
    const i = pick(pages.length);
    if (pick(2) === 0) {
      await pages[i].reload();
      await expectReady(pages[i]);
    } else {
      await pages[i].close();
      pages[i] = (await openTabs(context, server.url, 1))[0];
    }
    for (const [k, page] of pages.entries()) {
      const title = `Round ${round} tab ${k}`;
      await saveProposal(page, title, `Typed in round ${round}.`);
      typed.push(title);
    }
  }
  pages = pages.filter((p) => !p.isClosed());
  for (const page of pages) {
    await expect.poll(async () => (await call<{ items: { title: string }[] }>(page, 'listProposals', 0, 100)).items.map((p) => p.title).sort()).toEqual([...typed].sort());
    await expect(page.locator('main[data-ready]')).toBeVisible();
  }
});

test('a tab that does not own the database does everything: open, edit, delete and undo, import, export, settings, downloads', async ({ app: owned, context, server }) => {
  const [tab] = await openTabs(context, server.url, 1);
  expect(await role(tab)).toBe('candidate');
  await saveProposal(tab, 'Made in the second tab', 'Text.');
  await saveProposal(tab, 'To delete', 'Gone soon.');
  await tab.getByRole('button', { name: 'Delete', exact: true }).click();
  await expectTitles(tab, ['Made in the second tab']);
  await expectTitles(owned, ['Made in the second tab']);
  await tab.getByRole('button', { name: 'Undo' }).click();
  await expectTitles(tab, ['To delete', 'Made in the second tab']);
  await expectTitles(owned, ['To delete', 'Made in the second tab']);
  await tab.getByRole('list', { name: /^Proposals, newest first/ }).getByRole('button', { name: /^Made in the second tab/ }).click();
  await expect(tab.getByRole('textbox', { name: 'Proposal' })).toHaveValue('Text.');

  await tab.getByRole('button', { name: 'Database', exact: true }).click();
  const [json] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('button', { name: 'Export proposals (JSON)' }).click()]);
  expect(JSON.parse(readFileSync((await json.path())!, 'utf8')).proposals).toHaveLength(2);
  await tab.getByLabel('Import a JSON export or a database file').setInputFiles({ name: 'desktop.sqlite3', mimeType: 'application/vnd.sqlite3', buffer: readFileSync('src/testing/fixtures/refinery-made.sqlite3') });
  await expect(tab.getByText(/^Imported desktop\.sqlite3: 2 proposals added, 0 already there\. Your database was backed up first/)).toBeVisible();
  const [file] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('button', { name: 'Download the database file' }).click()]);
  expect(readFileSync((await file.path())!).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
  const backup = tab.getByRole('button', { name: /^Download backup upwork-researcher backup .* \(before import, v\d+\)/ });
  await expect(backup).toHaveCount(1);
  const [copy] = await Promise.all([tab.waitForEvent('download'), backup.click()]);
  expect(readFileSync((await copy.path())!).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
  await owned.getByRole('button', { name: 'Proposals', exact: true }).click();
  await expectTitles(owned, ['To delete', 'Made in the second tab', 'Rust CLI tool — parse CSV files', 'Need a React developer for a dashboard']);

  // Settings saved in one tab show in another whose Settings screen is open; each tab writes only
  // the fields changed there (settings are saved as they change), so neither undoes the other's.
  await owned.getByRole('button', { name: 'Settings', exact: true }).click();
  await owned.getByLabel('Tone', { exact: true }).fill('Written in the first tab');
  await tab.getByRole('button', { name: 'Settings', exact: true }).click();
  await tab.getByLabel('Name', { exact: true }).fill('Ana from tab two');
  await tab.getByRole('button', { name: /^Save settings/ }).click();
  await expect(owned.getByLabel('Name', { exact: true })).toHaveValue('Ana from tab two');
  await expect(owned.getByLabel('Tone', { exact: true })).toHaveValue('Written in the first tab');
  await expect(tab.getByLabel('Tone', { exact: true })).toHaveValue('Written in the first tab');
});
