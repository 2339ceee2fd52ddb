// Sizes the app refuses to go past, shared by the screens that warn early and the code that checks.
export const IMPORT_LIMITS = { bytes: 200 * 1024 * 1024, proposals: 200_000, textLength: 2_000_000 };

export const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

/** The most search results shown at once (the best first), and the proposals listed per page. */
export const SEARCH_LIMIT = 50;
export const PAGE_SIZE = 50;
