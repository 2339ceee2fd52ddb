// Who owns the database: the worker holding one Web Lock. Its name never changes between builds,
// so tabs of two builds queue for the same lock; the browser hands it to the next in line as soon
// as the holder lets go, closes, reloads or crashes. Nothing is polled and nothing can be missed.

export const OWNER_LOCK = 'upwork-researcher-db-owner';

/** The part of the Web Locks API the election uses (navigator.locks in a worker; a stand-in in Node). */
export interface Locks {
  request(name: string, options: { signal?: AbortSignal; ifAvailable?: boolean }, callback: (lock: unknown) => Promise<unknown> | undefined): Promise<unknown>;
}

export interface Candidacy {
  /** Leaves the queue, or, if already elected, lets go of the lock (call it once the database is closed). */
  resign(): void;
}

/** Queues for ownership; `onElected` runs when this worker becomes the owner. */
export function stand(locks: Locks, onElected: () => void, name = OWNER_LOCK): Candidacy {
  const abort = new AbortController();
  let letGo!: () => void;
  const held = new Promise<void>((resolve) => { letGo = resolve; });
  locks.request(name, { signal: abort.signal }, () => {
    onElected();
    return held;
  }).catch(() => {}); // AbortError: resigned while still queued
  return {
    resign() {
      abort.abort();
      letGo();
    },
  };
}
