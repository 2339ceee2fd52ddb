// What every runtime in the peer benchmark does, the same work for each: the page (or Playwright)
// calls these one at a time and times each call from the page, as the app's calls are timed.

/** A proposal as the benchmark writes it (the same rows for every runtime, generated in Node). */
export interface BenchRow {
  job_content: string;
  generated_text: string;
  client_name: string;
  created_at: string;
}

export interface PeerStore {
  /**
   * Opens the store, applies the schema (this app's V1–V4, one transaction) when it is not there
   * yet, and answers a first query. Says where the data ended up (a VFS, a file system, or memory).
   */
  open(): Promise<{ storage: string }>;
  /** Adds the proposal the autosaves write to; returns its id. */
  createOne(row: BenchRow): Promise<number>;
  /** One autosave: the proposal's text replaced, in its own transaction. */
  writeOne(id: number, text: string): Promise<void>;
  /** All of `rows` in one transaction. */
  bulk(rows: BenchRow[]): Promise<void>;
  /** The best 50 matches of a word (as typed: a prefix); returns how many. */
  search(word: string): Promise<number>;
  /** The history's first page of 50 (newest first) and the count; returns the page's length. */
  firstPage(): Promise<number>;
}

export const PAGE = 50;
