// One tab at a time owns the database (opfs-sahpool holds exclusive access handles). A Web Lock
// held for the worker's lifetime says who; it is released by the browser when the tab closes.
import type { DatabaseLock } from './storage.ts';

const LOCK = 'upwork-researcher-database';

const hold = (onGranted: () => void) => (lock: Lock | null) => {
  if (!lock) return undefined;
  onGranted();
  return new Promise<never>(() => {});
};

export const tabLock: DatabaseLock = {
  // Without Web Locks, say yes and let OPFS decide.
  tryAcquire() {
    if (!navigator.locks) return Promise.resolve(true);
    return new Promise((resolve) => {
      void navigator.locks.request(LOCK, { ifAvailable: true }, (lock) => {
        if (!lock) resolve(false);
        return hold(() => resolve(true))(lock);
      });
    });
  },
  acquire: () => new Promise((resolve) => void navigator.locks.request(LOCK, hold(resolve))),
};
