// Sizes the app refuses to go past, shared by the screens that warn early and the code that checks.
export const IMPORT_LIMITS = { bytes: 200 * 1024 * 1024, proposals: 200_000, textLength: 2_000_000 };

/** A size in words: `812 B`, `3.4 KB`, `200 MB`; `unknown` when the browser does not say. */
export function formatBytes(n: number | null): string {
  if (n === null) return 'unknown';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Why a file of `bytes` is refused before it is read (`is too large (…)`), or null when it is not. */
export const tooLarge = (bytes: number): string | null =>
  bytes > IMPORT_LIMITS.bytes ? `is too large (${formatBytes(bytes)}; at most ${formatBytes(IMPORT_LIMITS.bytes)})` : null;

/** The most search results shown at once (the best first; "Show more" adds as many again), and the proposals listed per page. */
export const SEARCH_LIMIT = 50;
export const PAGE_SIZE = 50;

/**
 * What goes to the AI provider: a job post longer than this is cut (its start is what matters),
 * so one pasted page of noise never becomes a 50,000-token request.
 */
export const PROMPT_LIMITS = { jobChars: 20_000 };

/** A rough token count for English text (about 4 characters a token), to tell people the size of a request. */
export const estimateTokens = (chars: number) => Math.ceil(chars / 4);
