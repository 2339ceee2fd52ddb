import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Page, Request, Route } from '@playwright/test';
import { expect, expectReady, test } from './fixtures.ts';

const enc = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const anthropicSse = (parts: string[]) => [
  enc('message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'claude-test' } }),
  enc('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  enc('ping', { type: 'ping' }),
  ...parts.map((text) => enc('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
  enc('content_block_stop', { type: 'content_block_stop', index: 0 }),
  enc('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 12 } }),
  enc('message_stop', { type: 'message_stop' }),
].join('');
const openAiChunk = (content: string) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST, OPTIONS' };

/** Answers the provider's URL like the provider would; preflights are answered for the browser. */
async function provider(page: Page, url: string, answer: (req: Request) => Parameters<Route['fulfill']>[0] | 'offline') {
  const requests: Request[] = [];
  await page.route(url, async (route) => {
    if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: CORS });
    requests.push(route.request());
    const a = answer(route.request())!;
    if (a === 'offline') return route.abort('internetdisconnected');
    return route.fulfill({ ...a, headers: { ...CORS, ...a.headers } });
  });
  return requests;
}

async function configure(page: Page, s: { provider: string; model?: string; baseUrl?: string; apiKey?: string }) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('combobox', { name: 'Provider' }).selectOption({ label: s.provider });
  if (s.model) await page.getByRole('textbox', { name: 'Model' }).fill(s.model);
  if (s.baseUrl) await page.getByRole('textbox', { name: 'Base URL' }).fill(s.baseUrl);
  if (s.apiKey !== undefined) await page.getByLabel(/^API key/).fill(s.apiKey);
  await page.getByRole('textbox', { name: 'Name' }).fill('Ana Freelancer');
  await page.getByRole('textbox', { name: 'Skills' }).fill('Preact, SQLite');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(/^Settings saved\./)).toBeVisible();
  await page.reload(); // the Content-Security-Policy takes the new provider at start-up
  await expectReady(page);
}

const jobBox = (page: Page) => page.getByRole('textbox', { name: 'Job post' });
const proposalBox = (page: Page) => page.getByRole('textbox', { name: 'Proposal' });

test.describe('Anthropic', () => {
  test('streams a proposal, sends the right request, and keeps earlier versions on regenerate', async ({ app: page }) => {
    let n = 0;
    const requests = await provider(page, 'https://api.anthropic.com/v1/messages', () => ({
      status: 200, headers: { 'content-type': 'text/event-stream' },
      body: anthropicSse(++n === 1 ? ['Hello! ', 'I have built ', 'exactly this.'] : ['A second, ', 'better take.']),
    }));
    await configure(page, { provider: 'Anthropic (Claude)', model: 'claude-test', apiKey: 'sk-ant-test-key' });
    await jobBox(page).fill('Build an offline-first PWA with SQLite in the browser');
    await page.getByRole('button', { name: /^Generate/ }).click();
    await expect(proposalBox(page)).toHaveValue('Hello! I have built exactly this.');
    await expect(page.getByText('Generated with claude-test.', { exact: false })).toBeVisible();

    const req = requests[0];
    expect(req.headers()).toMatchObject({
      'x-api-key': 'sk-ant-test-key', 'anthropic-version': '2023-06-01', 'anthropic-dangerous-direct-browser-access': 'true', 'content-type': 'application/json',
    });
    const body = req.postDataJSON();
    expect(body).toMatchObject({ model: 'claude-test', stream: true, max_tokens: expect.any(Number) });
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0].content).toContain('Build an offline-first PWA with SQLite in the browser');
    expect(body.messages[0].content).toContain('Ana Freelancer');
    expect(body.messages[0].content).toContain('Preact, SQLite');

    await page.getByRole('button', { name: /^Regenerate/ }).click();
    await expect(proposalBox(page)).toHaveValue('A second, better take.');
    await page.getByRole('button', { name: 'Versions (1)' }).click();
    const versions = page.getByRole('region', { name: 'Earlier versions' });
    await expect(versions).toContainText('Hello! I have built exactly this.');
    await expect(versions).toContainText('generated by claude-test');
    await versions.getByRole('button', { name: 'Restore this version' }).click();
    await expect(proposalBox(page)).toHaveValue('Hello! I have built exactly this.');
    await expect(page.getByRole('button', { name: 'Versions (2)' })).toBeVisible();
  });

  test('tells errors plainly and loses nothing: wrong key, rate limit, server error, offline', async ({ app: page, context }) => {
    let answer: Parameters<Route['fulfill']>[0] | 'offline' = { status: 200 };
    await provider(page, 'https://api.anthropic.com/v1/messages', () => answer);
    await configure(page, { provider: 'Anthropic (Claude)', apiKey: 'sk-ant-wrong' });
    await jobBox(page).fill('A job post');
    await proposalBox(page).fill('My own draft, kept.');
    const generate = page.getByRole('button', { name: /^(Generate|Regenerate) Ctrl/ });

    answer = { status: 401, contentType: 'application/json', body: JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }) };
    await generate.click();
    await expect(page.getByRole('alert')).toContainText('The Anthropic API key was refused (401). Check it in Settings. The provider said: "invalid x-api-key"');

    // A provider that shares retry-after with browsers (Access-Control-Expose-Headers); without it the app says "in a minute".
    answer = { status: 429, headers: { 'retry-after': '30', 'access-control-expose-headers': 'retry-after' }, contentType: 'application/json', body: JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' } }) };
    await generate.click();
    await expect(page.getByRole('alert')).toContainText('rate limit was reached (429). Try again in 30 seconds.');

    answer = { status: 529, contentType: 'application/json', body: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }) };
    await generate.click();
    await expect(page.getByRole('alert')).toContainText('The Anthropic service had an error (529)');

    answer = 'offline';
    await context.setOffline(true);
    await generate.click();
    await expect(page.getByRole('alert')).toContainText('You are offline: generating a proposal needs the network.');
    await context.setOffline(false);

    // The draft typed before the attempts is an earlier version, never lost.
    await page.getByRole('button', { name: /^Versions \(1\)/ }).click();
    await expect(page.getByRole('region', { name: 'Earlier versions' })).toContainText('My own draft, kept.');
  });

  test('the Content-Security-Policy lets the app reach only itself and the configured provider', async ({ app: page }) => {
    await configure(page, { provider: 'Anthropic (Claude)', apiKey: 'sk-ant-x' });
    const result = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
      const blocked = await fetch('https://example.com/steal', { method: 'POST' }).then(() => 'sent', () => 'blocked');
      await new Promise((r) => setTimeout(r, 100));
      return { blocked, violations, policy: [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')].map((m) => m.getAttribute('content')) };
    });
    expect(result.blocked).toBe('blocked');
    expect(result.violations).toEqual(['connect-src https://example.com/steal']);
    expect(result.policy).toContain("connect-src 'self' https://api.anthropic.com");
    expect(result.policy.join(' ')).toContain("'wasm-unsafe-eval'");
  });
});

test.describe('an OpenAI-compatible server on localhost', () => {
  let server: Server;
  let port = 0;
  let mode: 'slow' | 'break' = 'slow';
  const seen: { auth?: string; body?: any }[] = [];

  test.beforeAll(async () => {
    server = createServer((req, res: ServerResponse) => {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-allow-headers', '*');
      if (req.method === 'OPTIONS') return void res.writeHead(204).end();
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body: JSON.parse(raw) });
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const words = ['Dear ', 'client, ', 'here ', 'is ', 'my ', 'plan. '];
        let i = 0;
        const tick = setInterval(() => {
          if (mode === 'break' && i === 3) { clearInterval(tick); res.socket?.destroy(); return; }
          if (i < words.length) res.write(openAiChunk(words[i++]));
          else if (mode === 'slow') { /* keeps the stream open: the user cancels */ }
        }, 150);
        res.on('close', () => clearInterval(tick));
      });
    });
    // Any free port: a fixed one collided with the app's own servers (E2E_PORT_BASE=4500).
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  test.afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

  test('cancel keeps the partial text as a draft; a stream cut halfway keeps it too', async ({ app: page }) => {
    await configure(page, { provider: 'OpenAI-compatible (OpenAI, OpenRouter, Ollama, LM Studio)', model: 'llama3.2', baseUrl: `http://localhost:${port}/v1`, apiKey: 'sk-local' });
    await jobBox(page).fill('Write a Rust CLI');

    mode = 'slow';
    await page.keyboard.press('Control+Enter');
    await expect(proposalBox(page)).toHaveValue(/^Dear client, here/);
    await expect(page.getByRole('button', { name: 'Cancel Esc' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('status').filter({ hasText: 'Generation cancelled.' })).toBeVisible();
    const partial = await proposalBox(page).inputValue();
    expect(partial.startsWith('Dear client, ')).toBe(true);
    expect(seen[0]).toMatchObject({ auth: 'Bearer sk-local', body: { model: 'llama3.2', stream: true } });
    expect(seen[0].body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);

    await page.reload();
    await expectReady(page);
    await expect(proposalBox(page)).toHaveValue(partial);

    mode = 'break';
    await page.getByRole('button', { name: /^Regenerate/ }).click();
    await expect(page.getByRole('alert')).toContainText('The connection broke in the middle of the answer');
    await expect(proposalBox(page)).toHaveValue('Dear client, here ');
    await page.reload();
    await expectReady(page);
    await expect(proposalBox(page)).toHaveValue('Dear client, here ');
  });
});

test('with no provider, the app is a plain editor and says so', async ({ app: page }) => {
  await configure(page, { provider: 'No provider: plain editor' });
  await expect(page.getByText('No AI provider is set, so this is a plain editor.', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Generate/ })).toBeDisabled();
});
