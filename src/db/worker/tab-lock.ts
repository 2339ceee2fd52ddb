// The Web Lock builds before the multi-tab owner election held while they had the database open.
// The owner holds it too, so that a tab of such a build never opens the file beside it (and waits
// for one that has it). The browser releases it when the worker holding it ends.
import type { Locks } from './election.ts';
import type { DatabaseLock } from './storage.ts';

export const LEGACY_LOCK = 'upwork-researcher-database';

export function webLock(name: string, locks: Locks = navigator.locks): DatabaseLock {
  let release: (() => void) | null = null;
  const hold = (onGranted: () => void) => (lock: unknown) => {
    if (!lock) return undefined;
    onGranted();
    return new Promise<void>((r) => { release = r; });
  };
  return {
    tryAcquire: () => new Promise((resolve) => {
      void locks.request(name, { ifAvailable: true }, (lock) => {
        if (!lock) resolve(false);
        return hold(() => resolve(true))(lock);
      });
    }),
    acquire: () => new Promise((resolve) => void locks.request(name, {}, hold(resolve))),
    release() {
      release?.();
      release = null;
    },
  };
}
