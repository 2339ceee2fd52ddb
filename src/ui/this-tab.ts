// This tab's id: it names the tab's database worker, the changes this tab makes (so it knows its
// own) and its unsaved text. Kept in sessionStorage, so a reload (or a crashed tab brought back)
// is the same tab; a duplicated tab, which inherits sessionStorage, sees the id taken and makes one.
import { randomId } from '../db/domain/random-id.ts';

export const TAB_STORAGE_KEY = 'upwork-researcher:tab';
const KEY = TAB_STORAGE_KEY;
export const TAB_LOCK_PREFIX = 'upwork-researcher-tab:';

function newId(): string {
  const id = randomId();
  try { sessionStorage.setItem(KEY, id); } catch { /* storage blocked: an id for this page only */ }
  return id;
}

let id: string | undefined;
let fresh = true;

/** Decides this tab's id and holds its lock for the page's life (the lock says the tab is alive). */
export async function claimTabId(): Promise<string> {
  if (id) return id;
  let candidate: string;
  let kept: string | null = null;
  try { kept = sessionStorage.getItem(KEY); } catch { /* blocked */ }
  candidate = kept ?? newId();
  fresh = kept === null;
  if (navigator.locks) {
    const held = await navigator.locks.query();
    if (held.held?.some((l) => l.name === TAB_LOCK_PREFIX + candidate)) { candidate = newId(); fresh = true; }
    void navigator.locks.request(TAB_LOCK_PREFIX + candidate, () => new Promise(() => {}));
  }
  return (id = candidate);
}

/** True for a tab opened now; false for one reloaded or brought back, which has its own state. */
export const isFreshTab = () => fresh;

/** This tab's id, once claimed (before the app renders). */
export function thisTab(): string {
  if (!id) throw new Error('claimTabId() must run first');
  return id;
}

/** Tab ids whose tab is not open any more (no page holds its lock). */
export async function closedTabs(ids: string[]): Promise<Set<string>> {
  if (!navigator.locks) return new Set();
  const held = new Set((await navigator.locks.query()).held?.map((l) => l.name));
  return new Set(ids.filter((t) => !held.has(TAB_LOCK_PREFIX + t)));
}
