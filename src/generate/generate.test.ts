import { describe, expect, it } from 'vitest';
import { generate, PartialGenerationError } from './generate.ts';
import { buildPrompt } from './prompt.ts';
import { buildRequest, readAnthropicEvent, readOpenAiEvent, type ProviderConfig } from './providers.ts';
import { readSse, type SseEvent } from './sse.ts';

const enc = new TextEncoder();
/** A body that delivers `text` in the given chunk sizes (cutting lines and characters anywhere). */
function body(text: string, chunk = 7, breakAfter?: number): ReadableStream<Uint8Array> {
  const bytes = enc.encode(text);
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (breakAfter !== undefined && at >= breakAfter) { c.error(new TypeError('network error')); return; }
      if (at >= bytes.length) { c.close(); return; }
      c.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}
async function events(text: string, chunk = 7) {
  const out: SseEvent[] = [];
  for await (const e of readSse(body(text, chunk))) out.push(e);
  return out;
}

const sse = (...evs: [string, unknown][]) => evs.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');
const anthropicStream = (parts: string[], end = true) => sse(
  ['message_start', { type: 'message_start', message: { id: 'msg_1', role: 'assistant', content: [] } }],
  ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
  ['ping', { type: 'ping' }],
  ...parts.map((t): [string, unknown] => ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } }]),
  ...(end ? [
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 5 } }],
    ['message_stop', { type: 'message_stop' }],
  ] as [string, unknown][] : []),
);
const openAiStream = (parts: string[], end = true) =>
  parts.map((t) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: t }, finish_reason: null }] })}\n\n`).join('') +
  (end ? `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n` : '');

describe('readSse', () => {
  it.each([1, 3, 7, 1000])('parses events cut into %i-byte chunks, with multi-byte text', async (chunk) => {
    const text = 'event: a\ndata: héllo 🚀\n\n: a comment\ndata: line1\ndata: line2\n\nevent: b\r\ndata: {"x":1}\r\n\r\n';
    expect(await events(text, chunk)).toEqual([
      { event: 'a', data: 'héllo 🚀' }, { event: 'message', data: 'line1\nline2' }, { event: 'b', data: '{"x":1}' },
    ]);
  });
  it('delivers a last event without its blank line', async () => {
    expect(await events('data: tail')).toEqual([{ event: 'message', data: 'tail' }]);
  });
});

describe('provider wire formats', () => {
  it('reads Anthropic text deltas, the end and errors', async () => {
    const steps = (await events(anthropicStream(['Hel', 'lo']))).map(readAnthropicEvent).filter(Boolean);
    expect(steps).toEqual([{ text: 'Hel' }, { text: 'lo' }, { done: true, stopReason: null }]);
    expect(readAnthropicEvent({ event: 'error', data: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }) })).toEqual({ error: 'Overloaded' });
  });
  it('reads OpenAI-compatible deltas and [DONE]', async () => {
    const steps = (await events(openAiStream(['Hi', ' there']))).map(readOpenAiEvent).filter(Boolean);
    expect(steps).toEqual([{ text: 'Hi' }, { text: ' there' }, { done: true, stopReason: 'stop' }, { done: true, stopReason: null }]);
  });
  it('builds the Anthropic request with its browser header', () => {
    const { url, init } = buildRequest({ provider: 'anthropic', baseUrl: 'https://api.anthropic.com/', model: 'claude-x', apiKey: 'sk' }, { system: 'S', user: 'U' });
    expect(url).toBe('https://api.anthropic.com/v1/messages');
    expect(init.headers).toMatchObject({ 'x-api-key': 'sk', 'anthropic-version': '2023-06-01', 'anthropic-dangerous-direct-browser-access': 'true' });
    expect(JSON.parse(String(init.body))).toMatchObject({ model: 'claude-x', stream: true, system: 'S', messages: [{ role: 'user', content: 'U' }] });
  });
  it('builds an OpenAI-compatible request, without a key for a local server', () => {
    const { url, init } = buildRequest({ provider: 'openai', baseUrl: 'http://localhost:11434/v1', model: 'llama3', apiKey: '' }, { system: 'S', user: 'U' });
    expect(url).toBe('http://localhost:11434/v1/chat/completions');
    expect(init.headers).not.toHaveProperty('authorization');
    expect(JSON.parse(String(init.body)).messages).toEqual([{ role: 'system', content: 'S' }, { role: 'user', content: 'U' }]);
  });
});

describe('buildPrompt', () => {
  it('fills the template with the job and the profile', () => {
    const p = buildPrompt('As {{ name }} ({{skills}}), tone {{tone}}, {{unknown}}:\n{{job}}', { job: '  Build a site  ', name: 'Ana', skills: 'React', experience: '', tone: 'warm' });
    expect(p.user).toBe('As Ana (React), tone warm, {{unknown}}:\nBuild a site');
    expect(p.system).toMatch(/Upwork/);
  });
  it('says when a profile field is empty, and adds the job if the template forgot it', () => {
    expect(buildPrompt('Experience: {{experience}}', { job: 'J', name: '', skills: '', experience: ' ', tone: '' }).user).toBe('Experience: not given\n\nJob post:\nJ');
  });
  it('sends only the start of a huge job post, cut at a word, and says it was cut', () => {
    const job = 'word '.repeat(40_000); // 200,000 characters
    const p = buildPrompt('{{job}}', { job, name: '', skills: '', experience: '', tone: '' });
    expect(p.jobCutFrom).toBe(job.trim().length);
    expect(p.user.length).toBeLessThan(20_100);
    expect(p.user).toMatch(/^word word .*word\n\[… the rest of the job post, \d+ more characters, was left out\]$/s);
    expect(buildPrompt('{{job}}', { job: 'short', name: '', skills: '', experience: '', tone: '' })).not.toHaveProperty('jobCutFrom');
  });
  it('refuses an empty job post', () => {
    expect(() => buildPrompt('{{job}}', { job: ' ', name: '', skills: '', experience: '', tone: '' })).toThrow(/Paste the job post first/);
  });
});

describe('generate', () => {
  const anthropic: ProviderConfig = { provider: 'anthropic', baseUrl: 'https://api.anthropic.com', model: 'm', apiKey: 'k' };
  const openai: ProviderConfig = { provider: 'openai', baseUrl: 'https://api.example.com/v1', model: 'm', apiKey: 'k' };
  const prompt = { system: 's', user: 'u' };
  const respond = (r: Response | Error) => async () => { if (r instanceof Error) throw r; return r; };
  const run = (config: ProviderConfig, r: Response | Error, online = true) => {
    const chunks: string[] = [];
    return generate({ config, prompt, onText: (t) => chunks.push(t), fetch: respond(r), isOnline: () => online }).then(
      (text) => ({ text, chunks }), (error) => ({ error, chunks }),
    );
  };

  it.each([[anthropic, anthropicStream(['Dear ', 'client'])], [openai, openAiStream(['Dear ', 'client'])]])('streams text as it comes (%#)', async (config, stream) => {
    expect(await run(config, new Response(body(stream, 5)))).toEqual({ text: 'Dear client', chunks: ['Dear ', 'client'] });
  });

  it.each([
    [new Response(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }), { status: 401 }), 'unauthorized', /API key was refused \(401\).*invalid x-api-key/],
    [new Response('{}', { status: 429, headers: { 'retry-after': '17' } }), 'rate-limited', /Try again in 17 seconds/],
    [new Response('oops', { status: 503 }), 'server', /had an error \(503\)/],
    [new Response('{"error":{"message":"model not found"}}', { status: 404 }), 'bad-request', /model not found/],
  ])('tells HTTP errors plainly (%#)', async (res, kind, message) => {
    const { error } = await run(anthropic, res) as { error: PartialGenerationError };
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it('keeps the partial text when the stream breaks halfway', async () => {
    const stream = anthropicStream(['First half, ', 'second half'], false);
    const res = new Response(body(stream, 40, 400));
    const { error, chunks } = await run(anthropic, res) as { error: PartialGenerationError; chunks: string[] };
    expect(error.kind).toBe('stream-cut');
    expect(error.partial).toBe(chunks.join(''));
    expect(error.partial.length).toBeGreaterThan(0);
  });

  it('calls a stream that ends without its end marker cut', async () => {
    const { error } = await run(openai, new Response(body(openAiStream(['Half'], false)))) as { error: PartialGenerationError };
    expect(error).toMatchObject({ kind: 'stream-cut', partial: 'Half' });
  });

  it('says offline when the network is down, and asks for a key when there is none', async () => {
    expect(((await run(anthropic, new TypeError('Failed to fetch'), false)) as { error: PartialGenerationError }).error.kind).toBe('offline');
    expect(((await run({ ...anthropic, apiKey: '' }, new Response(''))) as { error: PartialGenerationError }).error.kind).toBe('no-key');
  });

  it('can be cancelled, keeping what arrived', async () => {
    const controller = new AbortController();
    const chunks: string[] = [];
    let pull = 0;
    const slow = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (pull++ === 0) { c.enqueue(enc.encode(openAiStream(['Kept'], false))); return; }
        await new Promise((_, reject) => controller.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      },
    });
    const p = generate({ config: openai, prompt, signal: controller.signal, onText: (t) => { chunks.push(t); controller.abort(); }, fetch: respond(new Response(slow)), isOnline: () => true });
    await expect(p).rejects.toMatchObject({ kind: 'cancelled', partial: 'Kept' });
  });
});
