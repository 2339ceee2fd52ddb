// The editor's last keystrokes, written synchronously on every change: the database write comes
// a moment later (SAVE_DELAY_MS after the first unsaved change), so this is what survives a crash
// or a closed tab in between. Each tab keeps its own
// (two tabs typing new proposals must not pick up each other's text); what a tab that is gone
// left behind is taken over by the next tab that starts, so it still comes back after a crash.
import { closedTabs, isFreshTab, thisTab } from '../this-tab.ts';

/** What the editor holds for one proposal. */
export interface EditorFields {
  jobContent: string;
  jobUrl: string;
  clientName: string;
  generatedText: string;
}

export interface LocalDraft extends EditorFields {
  id: number | null;
  /** A new proposal's key (see ProposalInput.key): recovered text is created once, even if its first save went through. */
  key?: string;
  savedAt: number;
}

const PREFIX = 'upwork-researcher:draft:';
/** Where builds before per-tab drafts kept the one draft all tabs shared. */
const SHARED_KEY = 'upwork-researcher:draft';
const LAST = 'upwork-researcher:last-open';

const key = () => PREFIX + thisTab();
const parse = (text: string | null): LocalDraft | null => { try { return JSON.parse(text ?? 'null'); } catch { return null; } };

export function writeLocalDraft(d: LocalDraft): void {
  try { localStorage.setItem(key(), JSON.stringify(d)); } catch { /* full: the database write still comes */ }
}

export function readLocalDraft(): LocalDraft | null {
  try { return parse(localStorage.getItem(key())); } catch { return null; }
}

/**
 * After a restore: unsaved text belongs to proposals of the database that was replaced (the same
 * id may now be another proposal), so it must not be saved into the restored one.
 */
export function forgetAllDrafts(): void {
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(PREFIX) || k === SHARED_KEY || k === LAST) localStorage.removeItem(k);
    sessionStorage.removeItem(LAST);
  } catch { /* storage blocked: nothing kept */ }
}

export function clearLocalDraft(savedAt: number): void {
  // Only if nothing newer was typed since this save started.
  if (readLocalDraft()?.savedAt === savedAt) localStorage.removeItem(key());
}

/**
 * Takes over the newest draft left by a tab that is not open any more (crashed, or closed before
 * its last save). Only a newly opened tab does: one reloaded or restored has its own text and its
 * own proposal open. Run once, before the editor starts.
 */
export async function adoptOrphanDraft(): Promise<void> {
  try {
    if (!isFreshTab() || readLocalDraft()) return;
    const tabs = Object.keys(localStorage).filter((k) => k.startsWith(PREFIX)).map((k) => k.slice(PREFIX.length));
    const closed = await closedTabs(tabs);
    const orphans = [...closed].map((t) => PREFIX + t);
    if (localStorage.getItem(SHARED_KEY) !== null) orphans.push(SHARED_KEY);
    const newest = orphans
      .map((k) => ({ k, d: parse(localStorage.getItem(k)) }))
      .filter((o): o is { k: string; d: LocalDraft } => o.d !== null)
      .sort((a, b) => b.d.savedAt - a.d.savedAt)[0];
    if (!newest) return;
    localStorage.setItem(key(), JSON.stringify(newest.d));
    localStorage.removeItem(newest.k);
  } catch {
    // storage blocked: nothing to recover
  }
}

export function rememberOpen(id: number | null): void {
  try {
    for (const store of [sessionStorage, localStorage]) id === null ? store.removeItem(LAST) : store.setItem(LAST, String(id));
  } catch { /* ignore */ }
}

/** The proposal this tab had open (after a reload), else the one last opened in any tab. */
export function lastOpen(): number | null {
  try {
    // Builds before this one could add "@time": the id is what counts.
    const id = Number((sessionStorage.getItem(LAST) ?? localStorage.getItem(LAST) ?? '').split('@')[0]);
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/** What the editor opens on start: the proposal with unsaved text here (null: a new one), else the last one open. */
export function openOnStart(): number | null {
  const draft = readLocalDraft();
  return draft ? draft.id : lastOpen();
}

/**
 * A tab opened afresh (a new tab, or the browser started again after a crash) with no unsaved text
 * of its own opens the proposal written to last: localStorage may not have reached the disk before
 * a crash, the database has (every save commits to the file). Its time is not compared with this
 * page's clock: SQLite's and the page's were seen 20 minutes apart.
 */
export function reopenAfterRestart(lastEdited: { id: number; editedAt: string } | null): number | null {
  return isFreshTab() && !readLocalDraft() && lastEdited ? lastEdited.id : null;
}
