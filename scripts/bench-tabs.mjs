// The multi-tab part of `npm run bench`, in one browser profile (one origin, one OPFS): what a call
// costs through a tab that does not own the database, how fast a change reaches another tab, how
// long a second tab takes to start, and how long failover takes when the owner closes or crashes.
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from './chromium.mjs';
import { summary } from './bench-stats.mjs';

export { summary };

const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const WRITES = Number(process.env.BENCH_WRITES ?? 40);
const ROUNDS = Number(process.env.BENCH_FAILOVERS ?? 7);

async function open(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('main[data-ready]').waitFor({ timeout: 30_000 });
  return page;
}
const role = (page) => page.evaluate(() => window.__upworkResearcher.role());
async function ownerOf(pages) {
  for (let i = 0; i < 200; i++) {
    const roles = await Promise.all(pages.map(role));
    if (roles.includes('owner')) return pages[roles.indexOf('owner')];
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no owner');
}

/** Per-call times in a page: `reads` small reads, `writes` small writes, one after another. */
const callTimes = (page, reads, writes) => page.evaluate(async ([reads, writes]) => {
  const db = window.__upworkResearcher.db;
  const { id } = await db.createProposal({ jobContent: 'Benchmark call' });
  const time = async (fn) => { const t0 = performance.now(); await fn(); return performance.now() - t0; };
  for (let i = 0; i < 20; i++) await db.getProposal(id); // warm up
  const read = [];
  for (let i = 0; i < reads; i++) read.push(await time(() => db.getProposal(id)));
  const write = [];
  for (let i = 0; i < writes; i++) write.push(await time(() => db.updateProposal(id, { clientName: `c${i}` })));
  return { read, write };
}, [reads, writes]);

/** Runs `fn` with a browser context on a new profile (one origin's own OPFS), then removes the profile. */
export async function inNewProfile(executablePath, prefix, fn) {
  const profile = mkdtempSync(join(tmpdir(), prefix));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: CHROMIUM_ARGS });
  try {
    return await fn(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export function benchTabs(executablePath, url) {
  return inNewProfile(executablePath, 'bench-tabs-', async (context) => {
    const first = await open(context, url);
    await first.evaluate(() => navigator.serviceWorker.ready);
    await first.reload();
    await first.locator('main[data-ready]').waitFor();

    // A second tab's start-up while the first owns the database (service worker and caches warm).
    const secondStart = [];
    for (let i = 0; i < ROUNDS; i++) {
      const page = await open(context, url);
      secondStart.push(await page.evaluate(() => window.__dbStartup.ready));
      await page.close();
    }

    const second = await open(context, url);
    const owner = await ownerOf([first, second]);
    const follower = owner === first ? second : first;
    const viaOwner = await callTimes(owner, CALLS, WRITES);
    const viaFollower = await callTimes(follower, CALLS, WRITES);

    // A commit in the owner until the other tab has read the new data.
    const propagation = [];
    await follower.evaluate(() => {
      const db = window.__upworkResearcher.db;
      window.__seen = [];
      void db.watch(async (change) => {
        if (!Array.isArray(change.proposals)) return;
        const p = await db.getProposal(change.proposals[0]);
        window.__seen.push({ text: p?.clientName, at: performance.timeOrigin + performance.now() });
      });
    });
    for (let i = 0; i < 30; i++) {
      const committed = await owner.evaluate(async (i) => {
        const db = window.__upworkResearcher.db;
        const { id } = (await db.listProposals(0, 1)).items[0];
        await db.updateProposal(id, { clientName: `propagate ${i}` });
        return performance.timeOrigin + performance.now();
      }, i);
      let seen;
      for (let k = 0; k < 400 && !seen; k++) {
        seen = (await follower.evaluate(() => window.__seen)).find((s) => s.text === `propagate ${i}`);
        if (!seen) await new Promise((r) => setTimeout(r, 2));
      }
      if (seen) propagation.push(seen.at - committed);
    }

    // Failover: the owner closes (or crashes); another tab serves a call.
    const failover = { closed: [], crashed: [] };
    let pages = [first, second];
    for (const kind of ['closed', 'crashed']) {
      for (let i = 0; i < ROUNDS; i++) {
        while (pages.length < 2) pages.push(await open(context, url));
        const holder = await ownerOf(pages);
        const other = pages.find((p) => p !== holder);
        const t0 = Date.now();
        if (kind === 'closed') await holder.close();
        else {
          const cdp = await context.newCDPSession(holder);
          const crashed = new Promise((r) => holder.once('crash', r));
          void cdp.send('Page.crash').catch(() => {});
          await crashed;
          void holder.close().catch(() => {});
        }
        const served = await other.evaluate(async () => { await window.__upworkResearcher.db.getSettings(); return Date.now(); });
        failover[kind].push(served - t0);
        pages = pages.filter((p) => p !== holder);
      }
    }

    const med = (xs) => summary(xs).median;
    return {
      secondTabStartMs: summary(secondStart),
      call: {
        readOwner: summary(viaOwner.read), readFollower: summary(viaFollower.read),
        writeOwner: summary(viaOwner.write), writeFollower: summary(viaFollower.write),
        readOverheadMs: med(viaFollower.read) - med(viaOwner.read),
        writeOverheadMs: med(viaFollower.write) - med(viaOwner.write),
      },
      propagationMs: summary(propagation),
      failoverClosedMs: summary(failover.closed),
      failoverCrashedMs: summary(failover.crashed),
    };
  });
}
