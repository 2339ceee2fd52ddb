// An AI provider for the end-to-end tests: the Settings to reach one, and a local
// OpenAI-compatible server (on loopback, like Ollama or LM Studio) that streams server-sent events.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, expectReady } from './fixtures.ts';

export const OPENAI_COMPATIBLE = 'OpenAI-compatible (OpenAI, OpenRouter, Ollama, LM Studio)';

/** Chooses a provider in Settings, saves, and reloads (the Content-Security-Policy takes the new provider at start-up). */
export async function configure(page: Page, s: { provider: string; model?: string; baseUrl?: string; apiKey?: string }) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('combobox', { name: 'Provider' }).selectOption({ label: s.provider });
  if (s.model) await page.getByRole('textbox', { name: 'Model' }).fill(s.model);
  if (s.baseUrl) await page.getByRole('textbox', { name: 'Base URL' }).fill(s.baseUrl);
  if (s.apiKey !== undefined) await page.getByLabel(/^API key/).fill(s.apiKey);
  await page.getByRole('textbox', { name: 'Name' }).fill('Ana Freelancer');
  await page.getByRole('textbox', { name: 'Skills' }).fill('Preact, SQLite');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(/^Settings saved\./)).toBeVisible();
  await page.reload();
  await expectReady(page);
}

export const openAiChunk = (content: string) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

export interface FakeProvider {
  baseUrl: string;
  /** Every chat request received, with its body as bytes and as JSON. */
  requests: { bytes: number; body: { model: string; messages: { role: string; content: string }[] } }[];
  /** The words the next answers stream, one chunk each, `everyMs` apart; `hold` keeps the stream open after them. */
  answer: { words: string[]; everyMs: number; hold?: boolean };
  close(): Promise<void>;
}

/** A local OpenAI-compatible chat server on a free loopback port. */
export async function fakeOpenAiServer(): Promise<FakeProvider> {
  const fake = { requests: [], answer: { words: ['Hello.'], everyMs: 10 } } as unknown as FakeProvider;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      fake.requests.push({ bytes: raw.length, body: JSON.parse(raw.toString('utf8')) });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const { words, everyMs, hold } = fake.answer;
      let i = 0;
      const tick = setInterval(() => {
        if (i < words.length) res.write(openAiChunk(words[i++]));
        else if (!hold) { clearInterval(tick); res.end('data: [DONE]\n\n'); }
      }, everyMs);
      res.on('close', () => clearInterval(tick));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  return fake;
}
