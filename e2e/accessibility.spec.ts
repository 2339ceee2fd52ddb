import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { expect, saveProposal, test } from './fixtures.ts';

/** No serious or critical axe violations; the screen is saved as a screenshot artifact. */
async function check(page: Page, info: TestInfo, screen: string, theme: 'light' | 'dark') {
  await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
  const path = info.outputPath(`${screen}-${theme}.png`);
  await page.screenshot({ path, fullPage: true });
  await info.attach(`${screen}-${theme}`, { path, contentType: 'image/png' });
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

for (const theme of ['light', 'dark'] as const) {
  test(`main screens have no serious accessibility problems (${theme})`, async ({ app: page }, info) => {
    await saveProposal(page, 'Senior React developer for a SaaS dashboard\nCharts, auth, billing.', 'Hi! I have shipped three SaaS dashboards with React and can start Monday.');
    await page.getByRole('combobox', { name: 'Outcome', exact: true }).selectOption('sent');
    await saveProposal(page, 'Python scraper for real estate listings', 'I build scrapers with Scrapy every week.');
    await check(page, info, 'workbench', theme);

    await page.getByRole('searchbox', { name: 'Search proposals' }).fill('react');
    await expect(page.getByRole('list', { name: 'Search results, best first' })).toBeVisible();
    await check(page, info, 'search', theme);
    await page.getByRole('searchbox', { name: 'Search proposals' }).fill('');

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await check(page, info, 'settings', theme);

    await page.getByRole('button', { name: 'Database', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Your data', level: 1 })).toBeVisible();
    await check(page, info, 'database', theme);
  });
}
