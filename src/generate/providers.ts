// The two wire formats: Anthropic's Messages API and OpenAI-compatible chat completions, both
// streamed as server-sent events. Each provider says how to ask, and how to read an event.
import type { Prompt } from './prompt.ts';
import type { SseEvent } from './sse.ts';

export interface ProviderConfig {
  provider: 'anthropic' | 'openai';
  baseUrl: string;
  model: string;
  apiKey: string;
}

export type StreamStep = { text: string } | { done: true; stopReason: string | null } | { error: string } | null;

export const MAX_TOKENS = 1024;

export function buildRequest(config: ProviderConfig, prompt: Prompt): { url: string; init: RequestInit } {
  const base = config.baseUrl.replace(/\/+$/, '');
  if (config.provider === 'anthropic') {
    return {
      url: `${base}/v1/messages`,
      init: {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': config.apiKey,
          'anthropic-version': '2023-06-01',
          // Anthropic serves browsers only when asked to: the key stays on this device.
          'anthropic-dangerous-direct-browser-access': 'true',
        },
        body: JSON.stringify({
          model: config.model, max_tokens: MAX_TOKENS, stream: true, system: prompt.system,
          messages: [{ role: 'user', content: prompt.user }],
        }),
      },
    };
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // Local servers (Ollama, LM Studio) need no key.
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
  return {
    url: `${base}/chat/completions`,
    init: {
      method: 'POST',
      headers,
      body: JSON.stringify({
        model: config.model, stream: true, max_tokens: MAX_TOKENS,
        messages: [{ role: 'system', content: prompt.system }, { role: 'user', content: prompt.user }],
      }),
    },
  };
}

const parse = (data: string): Record<string, any> | null => {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
};

/** content_block_delta carries text; message_stop ends; an `error` event fails the stream. */
export function readAnthropicEvent(ev: SseEvent): StreamStep {
  const body = parse(ev.data);
  const type = body?.type ?? ev.event;
  if (type === 'content_block_delta' && body?.delta?.type === 'text_delta') return { text: String(body.delta.text ?? '') };
  if (type === 'message_delta' && body?.delta?.stop_reason) return null;
  if (type === 'message_stop') return { done: true, stopReason: null };
  if (type === 'error') return { error: body?.error?.message ?? 'the provider reported an error' };
  return null;
}

/** choices[0].delta.content carries text; `[DONE]` (or a finish_reason) ends. */
export function readOpenAiEvent(ev: SseEvent): StreamStep {
  if (ev.data.trim() === '[DONE]') return { done: true, stopReason: null };
  const body = parse(ev.data);
  if (!body) return null;
  if (body.error) return { error: body.error.message ?? String(body.error) };
  const choice = body.choices?.[0];
  const text = choice?.delta?.content;
  if (typeof text === 'string' && text) return { text };
  if (choice?.finish_reason) return { done: true, stopReason: String(choice.finish_reason) };
  return null;
}
