// The Web Locks API's exclusive mode, for Node tests: FIFO per name, ifAvailable, abort while
// queued, and a client that can be killed (its locks go, as when a tab's worker dies). `hold()`
// pauses granting, to leave a gap between two owners on purpose.
import type { Locks } from '../db/worker/election.ts';

interface Waiter { client: LockClient; grant: () => void }

export class FakeLockManager {
  #held = new Map<string, LockClient>();
  #queues = new Map<string, Waiter[]>();
  #paused = false;

  client(): LockClient {
    return new LockClient(this);
  }

  /** Stops granting freed locks until `resume()`. */
  hold(): void { this.#paused = true; }
  resume(): void { this.#paused = false; for (const name of this.#queues.keys()) this.next(name); }

  holder(name: string): LockClient | undefined { return this.#held.get(name); }

  /** @internal */
  enqueue(name: string, w: Waiter, ifAvailable: boolean): boolean {
    if (ifAvailable && (this.#held.has(name) || this.#queues.get(name)?.length)) return false;
    const q = this.#queues.get(name) ?? [];
    q.push(w);
    this.#queues.set(name, q);
    this.next(name);
    return true;
  }

  /** @internal */
  dequeue(name: string, w: Waiter): void {
    const q = this.#queues.get(name);
    if (q) this.#queues.set(name, q.filter((x) => x !== w));
  }

  /** @internal */
  release(name: string, client: LockClient): void {
    if (this.#held.get(name) !== client) return;
    this.#held.delete(name);
    this.next(name);
  }

  /** @internal */
  next(name: string): void {
    if (this.#paused || this.#held.has(name)) return;
    const w = this.#queues.get(name)?.shift();
    if (!w) return;
    this.#held.set(name, w.client);
    queueMicrotask(w.grant);
  }
}

export class LockClient implements Locks {
  #dead = false;
  #names = new Set<string>();
  constructor(private readonly manager: FakeLockManager) {}

  request(name: string, options: { signal?: AbortSignal; ifAvailable?: boolean }, callback: (lock: unknown) => Promise<unknown> | undefined): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.#dead) return;
      const waiter: Waiter = {
        client: this,
        grant: () => {
          if (this.#dead) return this.manager.release(name, this);
          this.#names.add(name);
          Promise.resolve(callback({ name })).then(resolve, reject).finally(() => {
            this.#names.delete(name);
            this.manager.release(name, this);
          });
        },
      };
      if (!this.manager.enqueue(name, waiter, !!options.ifAvailable)) {
        Promise.resolve(callback(null)).then(resolve, reject);
        return;
      }
      options.signal?.addEventListener('abort', () => {
        if (this.#names.has(name)) return;
        this.manager.dequeue(name, waiter);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }

  /** The worker holding these locks ended: they are released, whatever its callbacks were doing. */
  kill(): void {
    this.#dead = true;
    for (const name of this.#names) this.manager.release(name, this);
    this.#names.clear();
  }
}
