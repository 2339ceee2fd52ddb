// The app's committed single-row write, as an autosave does it: the page's call through Comlink to
// its worker (the owner), the executor, one transaction (the proposal's text, its search index by
// the triggers, the request's id) committed to OPFS, the change announced, the answer back. The
// writes go one after another, each awaited (each its own transaction), as the peers' "1,000
// single-row writes" do. Figures are per write, in ms, in a new browser profile.
import { inNewProfile, summary } from './bench-tabs.mjs';

const WRITES = Number(process.env.BENCH_APP_WRITES ?? 1000);

export function benchAppWrite(executablePath, url) {
  return inNewProfile(executablePath, 'bench-write-', async (context) => {
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('main[data-ready]').waitFor({ timeout: 30_000 });
    const { times, totalMs } = await page.evaluate(async (writes) => {
      const db = window.__upworkResearcher.db;
      const { id } = await db.createProposal({ jobContent: 'Benchmark: autosave' });
      const text = 'Dear client, a proposal of a few hundred characters, typed and saved as it grows. '.repeat(4);
      for (let i = 0; i < 50; i++) await db.updateProposal(id, { generatedText: `${text}${i}` }); // warm up
      const times = [];
      const t0 = performance.now();
      for (let i = 0; i < writes; i++) {
        const t = performance.now();
        await db.updateProposal(id, { generatedText: `${text} ${i}` });
        times.push(performance.now() - t);
      }
      return { times, totalMs: performance.now() - t0 };
    }, WRITES);
    return { writes: WRITES, perWriteMs: summary(times), totalMs };
  });
}
