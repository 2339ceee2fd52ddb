// The workbench from a phone to a desktop: nothing scrolls sideways, nothing covers anything, the
// list and the editor are each fully usable (two views with a way back where they do not fit side
// by side). Screenshots of every view in both themes go to test-results/screens/.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, saveProposal, test } from './fixtures.ts';

const SIZES = [
  { name: 'phone-390', width: 390, height: 844, narrow: true },
  { name: 'half-720', width: 720, height: 800, narrow: true },
  { name: 'laptop-1280', width: 1280, height: 800, narrow: false },
] as const;

/** No sideways scroll on the page. */
async function expectNoSidewaysScroll(page: Page, where: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `page width on ${where}`).toBeLessThanOrEqual(innerWidth);
}

/** The element is on screen and nothing lies over its middle (a click there reaches it). */
async function expectUncovered(target: Locator, what: string) {
  await target.scrollIntoViewIfNeeded();
  await expect(target).toBeInViewport();
  const onTop = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!hit && (hit === el || el.contains(hit));
  });
  expect(onTop, `${what} is covered`).toBe(true);
}

async function shoot(page: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await page.screenshot({ path: `test-results/screens/${name}-${theme}.png` });
  }
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
}

async function expectAxeClean(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${where}: ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} the list and the editor are each fully usable, nothing scrolls sideways`, async ({ app: page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    const jobs = ['Senior React developer for a SaaS dashboard with charts, auth and billing, long title that goes on', 'Python scraper for real estate listings', 'Logo design for a bakery'];
    for (const job of jobs) await saveProposal(page, `${job}\nDetails of the job.`, `A proposal for: ${job}`);
    const list = page.getByRole('list', { name: /^Proposals, newest first/ });
    const editor = page.getByRole('region', { name: /Proposal$/ });

    // The editor of the proposal just saved: every field and action reachable, none covered.
    await page.getByRole('combobox', { name: 'Outcome', exact: true }).selectOption('sent');
    await expectNoSidewaysScroll(page, 'the editor');
    if (size.narrow) await expect(list).toBeHidden(); // one view at a time
    for (const name of ['Job post', 'Link to the job (optional)', 'Client (optional)', 'Proposal']) await expectUncovered(page.getByRole('textbox', { name }), name);
    for (const name of [/^Regenerate/, /^Save/, /^Copy/, /^Versions/, /^Delete/]) await expectUncovered(editor.getByRole('button', { name }), String(name));
    await expectUncovered(page.getByRole('combobox', { name: 'Outcome', exact: true }), 'the outcome picker');
    await shoot(page, `${size.name}-editor`);
    await expectAxeClean(page, 'the editor');

    // The list: back from the editor, every row openable, the new-proposal button and the search there.
    if (size.narrow) await page.getByRole('button', { name: '← All proposals' }).click();
    await expect(list.getByRole('button')).toHaveCount(3);
    await expectNoSidewaysScroll(page, 'the list');
    await expectUncovered(page.getByRole('searchbox', { name: 'Search proposals' }), 'the search');
    await expectUncovered(page.getByRole('button', { name: /^New proposal/ }), 'New proposal');
    for (let i = 0; i < 3; i++) await expectUncovered(list.getByRole('button').nth(i), `row ${i + 1}`);
    await shoot(page, `${size.name}-list`);
    await expectAxeClean(page, 'the list');
    await list.getByRole('button', { name: /^Python scraper/ }).click();
    await expect(page.getByRole('textbox', { name: 'Job post' })).toHaveValue(/^Python scraper/);
    await expectUncovered(page.getByRole('textbox', { name: 'Job post' }), 'the job post of the opened proposal');

    // Typed where it shows: the editor scrolls into view, not under a pinned list.
    await page.getByRole('textbox', { name: 'Proposal' }).fill('Edited on a small screen.');
    await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();

    for (const screen of ['Settings', 'Database'] as const) {
      await page.getByRole('button', { name: screen, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoSidewaysScroll(page, screen);
      await shoot(page, `${size.name}-${screen.toLowerCase()}`);
      await expectAxeClean(page, screen);
    }
    await page.getByRole('button', { name: 'Proposals', exact: true }).click();
    await expectUncovered(page.getByRole('button', { name: 'Database', exact: true }), 'the Database button');
  });
}

test('no sideways scroll at any width from 360 to 1920', async ({ app: page }) => {
  await saveProposal(page, 'A job with a rather long first line that must not push the page wider than the screen\nMore.', 'Text.');
  for (const width of [360, 414, 600, 768, 834, 1024, 1440, 1920]) {
    await page.setViewportSize({ width, height: 800 });
    for (const screen of ['Proposals', 'Settings', 'Database'] as const) {
      await page.getByRole('button', { name: screen, exact: true }).click();
      await expect(page.getByRole('button', { name: screen, exact: true })).toHaveAttribute('aria-current', 'page');
      await expect(page.locator(screen === 'Proposals' ? '.workbench' : '.panel h1')).toBeVisible();
      await expectNoSidewaysScroll(page, `${screen} at ${width}`);
    }
  }
});
