import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERSIONS } from './builds.ts';
import { expect, expectReady, historyRows, test } from './fixtures.ts';
import { killBrowserOf, launchOnProfile } from './kill-browser.ts';

// The whole browser killed (SIGKILL to every process of its profile), then started again on the
// same profile: what a crash or a power cut of the browser leaves behind. Typed text reaches the
// disk through the database (saves commit to the OPFS file within 200 ms), not through
// localStorage, which Chromium writes lazily.
const TYPED_BEFORE_KILL_MS = Number(process.env.KILL_DELAY_MS ?? 300);

let profile: string;
test.beforeEach(() => { profile = mkdtempSync(join(tmpdir(), 'kill-profile-')); });
test.afterEach(() => rmSync(profile, { recursive: true, force: true }));

const launch = () => launchOnProfile(profile);
const killBrowser = () => killBrowserOf(profile);

test(`text typed ${TYPED_BEFORE_KILL_MS} ms before the browser is killed is there after the restart, in the proposal that was open`, async ({ server }) => {
  const first = await launch();
  const page = first.pages()[0] ?? await first.newPage();
  await page.goto(server.url);
  await expectReady(page);
  // An older proposal, opened and left: the restart must not go back to it.
  await page.getByRole('button', { name: /^New proposal/ }).click();
  await page.getByRole('textbox', { name: 'Job post' }).fill('An older job post');
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
  await page.getByRole('button', { name: /^New proposal/ }).click();
  await page.getByRole('textbox', { name: 'Job post' }).fill('The job post being answered');
  const proposal = page.getByRole('textbox', { name: 'Proposal' });
  await proposal.pressSequentially('Dear client, ', { delay: 20 });
  await proposal.pressSequentially('the last words typed.', { delay: 20 });
  await page.waitForTimeout(TYPED_BEFORE_KILL_MS);
  expect(killBrowser()).toBeGreaterThan(0);
  await first.close().catch(() => {}); // already dead

  const second = await launch();
  try {
    const again = second.pages()[0] ?? await second.newPage();
    await again.goto(server.url);
    await expectReady(again);
    await expect(again.getByRole('textbox', { name: 'Job post' })).toHaveValue('The job post being answered');
    await expect(again.getByRole('textbox', { name: 'Proposal' })).toHaveValue('Dear client, the last words typed.');
  } finally {
    await second.close();
  }
});

test('the browser killed during a burst of writes: every write that was acknowledged is there after the restart', async ({ server }) => {
  const first = await launch();
  const page = first.pages()[0] ?? await first.newPage();
  await page.goto(server.url);
  await expectReady(page);
  // Each acknowledged write is reported as it is acknowledged; what Node has heard of was
  // committed before the kill, whatever was still on its way.
  const acknowledged = new Set<string>();
  page.on('console', (m) => { if (m.text().startsWith('acked ')) acknowledged.add(m.text().slice(6)); });
  await page.evaluate(() => {
    const db = window.__upworkResearcher!.db;
    void (async () => {
      const { id } = await db.createProposal({ jobContent: 'Burst: edited again and again' });
      for (let i = 0; ; i++) {
        // A new proposal and an edit of one: both kinds of autosave.
        await db.createProposal({ jobContent: `Burst ${i}` });
        console.log(`acked Burst ${i}`);
        await db.updateProposal(id, { generatedText: `edit ${i}` });
        console.log(`acked edit ${i}`);
      }
    })();
  });
  await expect.poll(() => acknowledged.size, { timeout: 10_000 }).toBeGreaterThan(150);
  expect(killBrowser()).toBeGreaterThan(0);
  await first.close().catch(() => {});
  const acked = [...acknowledged];

  const second = await launch();
  try {
    const again = second.pages()[0] ?? await second.newPage();
    await again.goto(server.url);
    await expectReady(again);
    const stored = await again.evaluate(async () => {
      const db = window.__upworkResearcher!.db;
      const { items } = await db.listProposals(0, 100_000);
      const edited = items.find((p) => p.title === 'Burst: edited again and again');
      const full = edited ? await db.getProposal(edited.id) : null;
      return { titles: items.map((p) => p.title), edit: full?.generatedText ?? null };
    });
    const lastEdit = Math.max(...acked.filter((a) => a.startsWith('edit ')).map((a) => Number(a.slice(5))));
    const missing = acked.filter((a) => a.startsWith('Burst ') && !stored.titles.includes(a));
    expect(missing).toEqual([]);
    // The edit stored is the last one acknowledged or a later one (committed, its answer or its
    // report to Node still on the way when the browser died), never an earlier one.
    expect(stored.edit).toMatch(/^edit \d+$/);
    expect(Number(stored.edit!.slice(5))).toBeGreaterThanOrEqual(lastEdit);
  } finally {
    await second.close();
  }
});

test('the browser killed at any moment of a first start (the schema copied in, then dated): the next start has the whole schema, dated, never a part of it', async ({ server }) => {
  const seen: Record<string, number> = {};
  // Spread over a cold start, whose database is created ~250–450 ms after navigation here.
  for (const delay of [150, 250, 300, 350, 400, 450, 550, 800]) {
    const own = mkdtempSync(join(tmpdir(), 'kill-first-start-'));
    try {
      const first = await launchOnProfile(own);
      const page = first.pages()[0] ?? await first.newPage();
      const logs: string[] = [];
      page.on('console', (m) => logs.push(m.text()));
      await page.goto(server.url, { waitUntil: 'commit' });
      await page.waitForTimeout(delay);
      killBrowserOf(own);
      await first.close().catch(() => {});
      const when = logs.some((l) => l.startsWith('[database] ready')) ? 'after ready' : 'before ready';
      seen[when] = (seen[when] ?? 0) + 1;

      const second = await launchOnProfile(own);
      try {
        const again = second.pages()[0] ?? await second.newPage();
        await again.goto(server.url);
        await expectReady(again);
        const rows = await historyRows(again);
        expect(rows.map(([v]) => Number(v)), `killed ${delay} ms in`).toEqual(VERSIONS);
        for (const [, , appliedOn] of rows) expect(appliedOn, `killed ${delay} ms in`).not.toContain('1970');
        expect(await again.evaluate(() => window.__upworkResearcher!.db.listProposals().then((p) => p.total))).toBe(0);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  }
  console.log(`first start killed at 8 moments: ${JSON.stringify(seen)}`);
});
