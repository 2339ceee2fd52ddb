// Generating as people really do it: a double click, a huge job post, a proposal already sent, a
// page reloaded in the middle. A local OpenAI-compatible server (loopback) streams the answers.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { configure, fakeOpenAiServer, OPENAI_COMPATIBLE, type FakeProvider } from './provider.ts';

const jobBox = (page: Page) => page.getByRole('textbox', { name: 'Job post' });
const proposalBox = (page: Page) => page.getByRole('textbox', { name: 'Proposal' });
const THIRTY_WORDS = Array.from({ length: 30 }, (_, i) => `word${i + 1} `);

let provider: FakeProvider;
test.beforeAll(async () => { provider = await fakeOpenAiServer(); });
test.afterAll(async () => { await provider.close(); });
test.beforeEach(() => { provider.requests.length = 0; });

test('a double click on Generate makes one request and shows the answer once', async ({ app: page }) => {
  provider.answer = { words: THIRTY_WORDS, everyMs: 20 };
  await configure(page, { provider: OPENAI_COMPATIBLE, model: 'local-model', baseUrl: provider.baseUrl, apiKey: '' });
  await jobBox(page).fill('Build a small CLI in Rust');
  await page.getByRole('button', { name: /^Generate/ }).dblclick();
  await expect(page.getByText('Generated with local-model.', { exact: false })).toBeVisible();
  await expect(proposalBox(page)).toHaveValue(THIRTY_WORDS.join(''));
  expect(provider.requests).toHaveLength(1);
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
});
