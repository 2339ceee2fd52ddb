// The desktop part of `npm run bench` in Chromium: the built app imports a desktop app database
// of 5,000 proposals, 20,000 revisions and 5,000 job posts through its import button, as a user
// would. Timed in the page from the file input's change to the result on screen; while it runs,
// the page's frames are timed (the longest gap says whether the page stayed responsive) and the
// progress it shows is recorded.
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from './chromium.mjs';

export async function benchDesktopPage(executablePath, url, path) {
  const profile = mkdtempSync(join(tmpdir(), 'bench-desktop-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: CHROMIUM_ARGS });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await page.locator('main[data-ready]').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Database', exact: true }).click();
    const input = page.getByLabel('Import a JSON export or a database file');
    await input.evaluate((el) => {
      const w = window;
      w.__bench = { gaps: [], progress: [], start: 0, end: 0 };
      el.addEventListener('change', () => { w.__bench.start = performance.now(); }, { capture: true });
      let last = performance.now();
      const frame = (t) => { w.__bench.gaps.push(t - last); last = t; if (!w.__bench.end) requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
      new MutationObserver(() => {
        for (const s of document.querySelectorAll('[role=status], [role=alert]')) {
          const text = s.textContent ?? '';
          if (!w.__bench.progress.includes(text)) w.__bench.progress.push(text);
          if (/^(Imported|.* was not imported)/.test(text) && !w.__bench.end) w.__bench.end = performance.now();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await input.setInputFiles(path);
    await page.waitForFunction(() => window.__bench.end > 0, null, { timeout: 180_000, polling: 100 });
    const r = await page.evaluate(() => window.__bench);
    const during = r.gaps.slice(1);
    return { importMs: r.end - r.start, longestFrameGapMs: Math.max(...during), frames: during.length, shown: r.progress };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
