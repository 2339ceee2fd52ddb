// Sizes the app refuses to go past, shared by the screens that warn early and the code that checks.
export const IMPORT_LIMITS = { bytes: 200 * 1024 * 1024, proposals: 200_000, textLength: 2_000_000 };

export const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

/**
 * What goes to the AI provider: a job post longer than this is cut (its start is what matters),
 * so one pasted page of noise never becomes a 50,000-token request.
 */
export const PROMPT_LIMITS = { jobChars: 20_000 };

/** A rough token count for English text (about 4 characters a token), to tell people the size of a request. */
export const estimateTokens = (chars: number) => Math.ceil(chars / 4);
