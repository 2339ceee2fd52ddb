// The editor's last keystrokes, written synchronously on every change: the database write is
// debounced, so this is what survives a crash or a closed tab in between.
/** What the editor holds for one proposal. */
export interface EditorFields {
  jobContent: string;
  jobUrl: string;
  clientName: string;
  generatedText: string;
}

export interface LocalDraft extends EditorFields {
  id: number | null;
  savedAt: number;
}

const KEY = 'upwork-researcher:draft';
const LAST = 'upwork-researcher:last-open';

export function writeLocalDraft(d: LocalDraft): void {
  try { localStorage.setItem(KEY, JSON.stringify(d)); } catch { /* full: the database write still comes */ }
}

export function readLocalDraft(): LocalDraft | null {
  try { return JSON.parse(localStorage.getItem(KEY) ?? 'null'); } catch { return null; }
}

export function clearLocalDraft(savedAt: number): void {
  // Only if nothing newer was typed since this save started.
  if (readLocalDraft()?.savedAt === savedAt) localStorage.removeItem(KEY);
}

export function rememberOpen(id: number | null): void {
  try { id === null ? localStorage.removeItem(LAST) : localStorage.setItem(LAST, String(id)); } catch { /* ignore */ }
}

export function lastOpen(): number | null {
  const v = Number(localStorage.getItem(LAST));
  return Number.isInteger(v) && v > 0 ? v : null;
}
