// A restore replaces the whole database: every tab starts again on it, and the tab that asked
// tells what happened once it has.
import { forgetAllDrafts } from './editor/local-draft.ts';

const NOTICE = 'upwork-researcher:notice';

export function startAgainAfterRestore(notice?: string): void {
  forgetAllDrafts();
  try { if (notice) sessionStorage.setItem(NOTICE, notice); } catch { /* shown nowhere then */ }
  location.reload();
}

/** The notice left by the tab before it started again, once. */
export function takeNotice(): string | null {
  try {
    const n = sessionStorage.getItem(NOTICE);
    sessionStorage.removeItem(NOTICE);
    return n;
  } catch {
    return null;
  }
}
