// Streams a proposal from the configured provider. Text arrives through `onText` as it comes;
// every failure is a GenerationError in plain words, and what arrived before it is returned
// with it (as `partial`) so nothing is lost.
import { GenerationError } from './errors.ts';
import type { Prompt } from './prompt.ts';
import { buildRequest, readAnthropicEvent, readOpenAiEvent, type ProviderConfig } from './providers.ts';
import { readSse } from './sse.ts';

export interface GenerateOptions {
  config: ProviderConfig;
  prompt: Prompt;
  onText: (chunk: string) => void;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  isOnline?: () => boolean;
}

/** A failure after text began to arrive: `partial` is that text (the caller keeps it), '' if none came. */
export class PartialGenerationError extends GenerationError {
  constructor(cause: GenerationError, readonly partial: string) {
    super(cause.kind, cause.message, cause.status, cause.retryAfterSeconds);
  }

  get hasPartial(): boolean {
    return this.partial.length > 0;
  }
}

function retryAfter(res: Response): number | undefined {
  const header = res.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function errorFor(res: Response, provider: string): Promise<GenerationError> {
  let detail = '';
  try {
    const body = await res.json();
    detail = body?.error?.message ?? body?.message ?? '';
  } catch {
    // not JSON: the status says enough
  }
  const said = detail ? ` The provider said: "${detail}"` : '';
  if (res.status === 401 || res.status === 403) {
    return new GenerationError('unauthorized', `The ${provider} API key was refused (${res.status}). Check it in Settings.${said}`, res.status);
  }
  if (res.status === 429) {
    const wait = retryAfter(res);
    return new GenerationError('rate-limited', `The ${provider} rate limit was reached (429). ${wait !== undefined ? `Try again in ${wait} seconds.` : 'Try again in a minute.'}${said}`, 429, wait);
  }
  if (res.status >= 500) {
    return new GenerationError('server', `The ${provider} service had an error (${res.status}). Try again in a moment.${said}`, res.status);
  }
  return new GenerationError('bad-request', `The ${provider} service refused the request (${res.status}). Check the model and base URL in Settings.${said}`, res.status);
}

export async function generate({ config, prompt, onText, signal, fetch: doFetch = fetch, isOnline = () => navigator.onLine }: GenerateOptions): Promise<string> {
  const name = config.provider === 'anthropic' ? 'Anthropic' : 'AI provider';
  if (config.provider === 'anthropic' && !config.apiKey) {
    throw new GenerationError('no-key', 'No Anthropic API key yet: add yours in Settings to generate proposals.');
  }
  let text = '';
  const fail = (e: GenerationError): never => {
    throw new PartialGenerationError(e, text);
  };
  const { url, init } = buildRequest(config, prompt);
  let res: Response;
  try {
    res = await doFetch(url, { ...init, signal });
  } catch (e) {
    if (signal?.aborted) fail(new GenerationError('cancelled', 'Generation cancelled.'));
    if (!isOnline()) fail(new GenerationError('offline', 'You are offline: generating a proposal needs the network. Your text is saved; try again when you are back online.'));
    return fail(new GenerationError('server', `Could not reach ${url}: ${(e as Error).message}. Check the base URL in Settings and your connection.`));
  }
  if (!res.ok || !res.body) fail(await errorFor(res, name));
  const read = config.provider === 'anthropic' ? readAnthropicEvent : readOpenAiEvent;
  let finished = false;
  try {
    for await (const ev of readSse(res.body!)) {
      const step = read(ev);
      if (!step) continue;
      if ('error' in step) throw new PartialGenerationError(new GenerationError('server', `The ${name} stream reported an error: ${step.error}.`), text);
      if ('done' in step) { finished = true; break; }
      text += step.text;
      onText(step.text);
    }
  } catch (e) {
    if (e instanceof GenerationError) throw e;
    if (signal?.aborted) fail(new GenerationError('cancelled', 'Generation cancelled.'));
    fail(new GenerationError('stream-cut', `The connection broke in the middle of the answer${isOnline() ? '' : ' (you are offline)'}; generate again to get a full proposal.`));
  }
  if (!finished) {
    fail(new GenerationError(signal?.aborted ? 'cancelled' : 'stream-cut', signal?.aborted ? 'Generation cancelled.' : 'The answer stopped before it was complete; generate again to get a full proposal.'));
  }
  return text;
}
