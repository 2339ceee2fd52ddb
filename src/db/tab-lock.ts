// One tab at a time owns the database (opfs-sahpool holds exclusive access handles). A Web Lock
// held for the worker's lifetime says who; it is released by the browser when the tab closes.
const LOCK = 'upwork-researcher-database';

const hold = (onGranted: () => void) => (lock: Lock | null) => {
  if (!lock) return undefined;
  onGranted();
  return new Promise<never>(() => {});
};

/** Takes the lock if it is free. Without Web Locks, returns true and lets OPFS decide. */
export function tryTabLock(): Promise<boolean> {
  if (!navigator.locks) return Promise.resolve(true);
  return new Promise((resolve) => {
    void navigator.locks.request(LOCK, { ifAvailable: true }, (lock) => {
      if (!lock) resolve(false);
      return hold(() => resolve(true))(lock);
    });
  });
}

/** Resolves once the lock is ours (the other tab closed). */
export function waitForTabLock(): Promise<void> {
  return new Promise((resolve) => void navigator.locks.request(LOCK, hold(resolve)));
}
