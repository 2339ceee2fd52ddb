// What the browser says about this site's storage: whether it is persistent (kept under storage
// pressure), how much is used of how much. Only a page can ask for persistence, not a worker.
import { useEffect, useState } from 'preact/hooks';
import { useDataChanges } from './data-changes.ts';

export interface StorageStatus {
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

/** From this share of the quota on, the app warns. */
export const NEAR_QUOTA = 0.8;

export const nearQuota = (s: StorageStatus) => s.usage !== null && !!s.quota && s.usage / s.quota >= NEAR_QUOTA;

export async function readStorageStatus(): Promise<StorageStatus> {
  const storage = navigator.storage;
  const [persisted, estimate] = await Promise.all([
    storage?.persisted?.().catch(() => null) ?? null,
    storage?.estimate?.().catch(() => undefined),
  ]);
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

const ASKED = 'upwork-researcher:persist-asked';

/**
 * Asks the browser to keep this site's storage (no prompt in Chromium: it decides from how the
 * site is used; Firefox asks the user). `always`: from the button, even if asked before.
 */
export async function requestPersistence(always = false): Promise<boolean> {
  const storage = navigator.storage;
  if (!storage?.persist) return false;
  if (await storage.persisted().catch(() => false)) return true;
  try {
    if (!always && localStorage.getItem(ASKED)) return false;
    localStorage.setItem(ASKED, String(Date.now()));
  } catch { /* ask anyway */ }
  return storage.persist().catch(() => false);
}

/** The storage status, read again after changes (a burst of them is one read, a second later). */
export function useStorageStatus(): [StorageStatus | null, () => void] {
  const [status, setStatus] = useState<StorageStatus | null>(null);
  const refresh = () => void readStorageStatus().then(setStatus);
  useEffect(refresh, []);
  const [timer] = useState<{ t?: ReturnType<typeof setTimeout> }>({});
  useDataChanges(() => {
    clearTimeout(timer.t);
    timer.t = setTimeout(refresh, 1000);
  });
  return [status, refresh];
}
