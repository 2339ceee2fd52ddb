// The outcomes part of `npm run bench` (issue 17), in the built app in Chromium, at 10,000
// proposals with a history of outcomes: a filter change (the list's first page and the counts per
// outcome, through the worker, and on screen after a click), the dashboard's data, and the sizes
// of what the app loads before the dashboard and of the dashboard's own chunk.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { inNewProfile, summary } from './bench-tabs.mjs';

const N = Number(process.env.BENCH_PROPOSALS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_FILTER_ROUNDS ?? 40);

/** Deterministic: 10,000 proposals over two years, 300 clients, outcomes as a freelancer's go. */
function seededFile() {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const at = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const start = Date.UTC(2024, 11, 1);
  const proposals = Array.from({ length: N }, (_, i) => {
    const created = start + Math.floor((i / N) * 730 * 86_400_000);
    const history = [];
    let t = created + 3_600_000;
    if (rand() < 0.9) {
      history.push(['sent', t]);
      const r = rand();
      const step = (o) => { t += Math.floor(rand() * 4 * 86_400_000) + 3_600_000; history.push([o, t]); };
      if (r < 0.5) step('viewed');
      if (r < 0.25) step('replied');
      if (r < 0.1) step('interview');
      if (r < 0.04) step('hired');
      else if (r < 0.25) step('not_hired');
      else if (r > 0.6) step('no_reply');
    }
    return {
      job_content: `Job ${i}: ${['React', 'Python', 'Logo', 'SEO', 'Shopify'][i % 5]} work\nDetails of job ${i}.`,
      generated_text: `Proposal ${i}`,
      created_at: at(created), updated_at: null,
      client_name: `Client ${i % 300}`,
      bid_type: i % 3 === 0 ? 'fixed' : 'hourly',
      connects_spent: 4 + (i % 5) * 4,
      outcome_history: history.map(([outcome, ms]) => ({ outcome, changed_at: at(ms) })),
    };
  });
  return JSON.stringify({ metadata: { export_date: at(Date.now()), app_version: 'bench' }, proposals });
}

const FILTERS = [
  { outcomes: ['replied'] }, { outcomes: ['interview', 'hired'] }, { client: 'client 12' }, {},
  { from: '2025-06-01 00:00:00', to: '2025-09-01 00:00:00' }, { outcomes: ['no_reply'], sort: 'changed' },
  { query: 'react', outcomes: ['viewed', 'replied'] }, { outcomes: ['sent'], client: 'client 2', from: '2025-01-01 00:00:00' },
];

/** Sizes (bytes, raw and gzip) of the files the built app's index.html loads, and of the dashboard's chunk. */
export function bundleSizes(dir = 'dist') {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const size = (files) => files.reduce((s, f) => {
    const bytes = readFileSync(join(dir, f));
    return { raw: s.raw + bytes.length, gzip: s.gzip + gzipSync(bytes).length, files: [...s.files, f] };
  }, { raw: 0, gzip: 0, files: [] });
  const startup = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const dashboard = readdirSync(join(dir, 'assets')).filter((f) => /^Dashboard-.*\.(js|css)$/.test(f)).map((f) => `assets/${f}`);
  return { startup: size(startup), dashboard: size(dashboard) };
}

export function benchOutcomes(executablePath, url) {
  return inNewProfile(executablePath, 'bench-outcomes-', async (context) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await page.locator('main[data-ready]').waitFor({ timeout: 30_000 });
    const importMs = await page.evaluate(async (text) => {
      const t0 = performance.now();
      await window.__upworkResearcher.db.importJson(text);
      return performance.now() - t0;
    }, seededFile());

    // Through the worker: what a filter change asks for (the first page, its count, the counts per outcome).
    const filterMs = await page.evaluate(async ([filters, rounds]) => {
      const db = window.__upworkResearcher.db;
      const out = [];
      for (let r = 0; r < rounds; r++) {
        for (const f of filters) {
          const t0 = performance.now();
          await Promise.all([db.listProposals(0, 100, f), db.outcomeCounts(f)]);
          out.push(performance.now() - t0);
        }
      }
      return out;
    }, [FILTERS, Math.ceil(ROUNDS / 4)]);

    // On screen: a click on an outcome until the list shows its new count.
    await page.reload();
    await page.locator('main[data-ready]').waitFor();
    await page.getByRole('list', { name: /^Proposals, newest first/ }).waitFor();
    const clickMs = await page.evaluate(async (rounds) => {
      const chips = [...document.querySelectorAll('.outcome-chips button')];
      const label = () => document.querySelector('.list-canvas')?.getAttribute('aria-label') ?? document.querySelector('.list-note')?.textContent ?? '';
      const out = [];
      for (let r = 0; r < rounds; r++) {
        const chip = chips[1 + (r % (chips.length - 1))];
        const before = label();
        const t0 = performance.now();
        chip.click();
        await new Promise((resolve) => {
          const check = () => (label() !== before ? resolve() : requestAnimationFrame(check));
          check();
        });
        out.push(performance.now() - t0);
        chip.click(); // off again
        await new Promise((resolve) => { const check = () => (label() === before ? resolve() : requestAnimationFrame(check)); check(); });
      }
      return out;
    }, ROUNDS);

    const dashboardMs = await page.evaluate(async (rounds) => {
      const db = window.__upworkResearcher.db;
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const today = new Date().toISOString().slice(0, 10);
      const all = [];
      const year = [];
      for (let r = 0; r < rounds; r++) {
        let t0 = performance.now();
        await db.dashboard({ fromDay: null, toDay: today, timeZone });
        all.push(performance.now() - t0);
        t0 = performance.now();
        await db.dashboard({ fromDay: `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, toDay: today, timeZone });
        year.push(performance.now() - t0);
      }
      return { all, year };
    }, Math.ceil(ROUNDS / 2));

    return {
      proposals: N,
      importMs,
      filterCallMs: summary(filterMs),
      filterClickToScreenMs: summary(clickMs),
      dashboardAllTimeMs: summary(dashboardMs.all),
      dashboardYearMs: summary(dashboardMs.year),
    };
  });
}
