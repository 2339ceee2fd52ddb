import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

const SCRIPT = new URL('./other-sqlite-program.py', import.meta.url).pathname;

type Reply = { rows?: unknown[][]; error?: string; committed?: number; ready?: boolean; sqlite?: string };

/** Another process holding the database open with the system's SQLite (Python's sqlite3 module). */
export class OtherProgram {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly replies: Reply[] = [];
  private waiting: ((r: Reply) => void) | undefined;
  readonly exited: Promise<number | null>;

  private constructor(path: string, journalMode: string) {
    this.child = spawn('python3', [SCRIPT, path, journalMode]);
    this.child.stderr.on('data', (d) => process.stderr.write(`[other program] ${d}`));
    this.child.on('error', (e) => process.stderr.write(`[other program] cannot start python3 (needed by these tests): ${e.message}\n`));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const r = JSON.parse(line) as Reply;
      if (this.waiting) { const w = this.waiting; this.waiting = undefined; w(r); } else this.replies.push(r);
    });
  }

  static async open(path: string, journalMode: 'delete' | 'wal' | 'persist' | 'truncate'): Promise<OtherProgram> {
    const p = new OtherProgram(path, journalMode);
    const first = await p.next();
    if (!first.ready) throw new Error(`the other program did not start: ${JSON.stringify(first)}`);
    return p;
  }

  private next(): Promise<Reply> {
    const r = this.replies.shift();
    if (r) return Promise.resolve(r);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.exited.then((code) => reject(new Error(`the other program exited (${code})`)));
    });
  }

  /** Runs one statement and returns its rows; SQLite's error is thrown. */
  async sql(sql: string, params: unknown[] = []): Promise<unknown[][]> {
    this.child.stdin.write(`${JSON.stringify({ sql, params })}\n`);
    const r = await this.next();
    if (r.error) throw new Error(r.error);
    return r.rows ?? [];
  }

  /** Starts committing `insert` (one `?`: a counter) row by row; the promise gives the count once stopped. */
  writeLoop(insert: string): { stop: () => Promise<number> } {
    this.child.stdin.write(`${JSON.stringify({ write_loop: insert })}\n`);
    const done = this.next();
    return { stop: async () => { this.child.stdin.end(); return (await done).committed ?? -1; } };
  }

  /** Dies on the spot, as a crash would: an open transaction stays half-written, its journal hot. */
  async crash(): Promise<void> {
    this.child.stdin.write(`${JSON.stringify({ crash: true })}\n`);
    await this.exited;
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    await this.exited;
  }
}
