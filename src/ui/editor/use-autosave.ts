// Autosave for one editor: every change is kept in this browser at once (local draft) and written
// to the database at most 200 ms after it, even while typing goes on, one save at a time, never
// overtaking another. The local draft is not durable (Chromium writes localStorage to disk lazily,
// seconds later); the database file is, as soon as a save commits: so a short delay, not a debounce
// that typing keeps postponing, decides how much a killed browser can lose.
import { useEffect, useReducer, useRef } from 'preact/hooks';
import type { Proposal } from '../../db/api.ts';
import { proposalTitle } from '../../db/domain/proposal.ts';
import { randomId } from '../../db/domain/random-id.ts';
import type { DatabaseClient } from '../database-client.ts';
import { fromElsewhere, touches, useDataChanges } from '../data-changes.ts';
import { failureNotice, type Notice } from '../notice.tsx';
import { autosaveReducer, initialAutosave, pendingWrite, type AutosaveAction, type AutosaveState } from './autosave-state.ts';
import { clearLocalDraft, readLocalDraft, writeLocalDraft, type EditorFields } from './local-draft.ts';

export const SAVE_DELAY_MS = 200;


/** The unsaved text this browser kept for proposal `id` (null: a new one), if any. */
function draftFor(id: number | null): (EditorFields & { key?: string }) | null {
  const draft = readLocalDraft();
  if (!draft || draft.id !== id) return null;
  const { savedAt: _t, id: _i, ...fields } = draft;
  return fields;
}

interface Options {
  db: DatabaseClient;
  id: number | null;
  /** `open`: this editor is still the one on screen (a closed one's last save must not steal the selection). */
  onSaved: (id: number, open: boolean) => void;
  onNotice: (notice: Notice) => void;
  /** The proposal was replaced by another tab's version (earlier versions may have changed too). */
  onRemoteChange?: () => void;
}

export function useAutosave({ db, id, onSaved, onNotice, onRemoteChange }: Options) {
  // Editors are mounted per proposal (keyed): a new one starts here, synchronously, so nothing
  // typed before an effect runs can be overwritten.
  const state = useRef<AutosaveState>(null as unknown as AutosaveState);
  state.current ??= initialAutosave(id, id === null ? draftFor(null) : null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const dispatch = (a: AutosaveAction) => { state.current = autosaveReducer(state.current, a); rerender(0); };
  // `streaming`: the proposal text is a generation arriving, not typing (it stays the model's).
  const io = useRef({ timer: 0 as ReturnType<typeof setTimeout> | 0, chain: Promise.resolve(), listKey: '', closed: false, streaming: false });

  /** Writes what is unsaved now; resolves when it (and every earlier save) is done. */
  const flush = (): Promise<void> => {
    const c = io.current;
    if (c.timer) clearTimeout(c.timer);
    c.timer = 0;
    c.chain = c.chain.then(async () => {
      const write = pendingWrite(state.current);
      if (!write) return;
      const { id: current } = state.current;
      const savedAt = readLocalDraft()?.savedAt ?? 0;
      dispatch({ type: 'saving' });
      try {
        const patch = c.streaming && write.patch.generatedText !== undefined ? { ...write.patch, streaming: true } : write.patch;
        const saved = current === null ? await db.createProposal(patch) : await db.updateProposal(current, patch, write.base);
        dispatch({ type: 'saved', proposal: saved, wrote: write.from });
        clearLocalDraft(savedAt);
        if ('keptOtherText' in saved && saved.keptOtherText) {
          onNotice({ text: 'This proposal was changed in another tab too: your text is saved here, and the text from the other tab is kept under Versions.', tone: 'info' });
        }
        // The list shows the title, client and status: tell it only when one of those changed.
        const listKey = `${saved.id}|${proposalTitle(write.from.jobContent)}|${saved.clientName}|${saved.status}`;
        if (listKey !== c.listKey) { c.listKey = listKey; onSaved(saved.id, !c.closed); }
      } catch (e) {
        const failed = failureNotice('Not saved', e, '. Your text is kept here and in this browser; it will be saved again on the next change.');
        dispatch({ type: 'failed', message: failed.text });
        onNotice(failed);
      }
    });
    return c.chain;
  };

  const change = (patch: Partial<EditorFields>) => {
    dispatch({ type: 'edited', patch });
    const { id: current, key, fields } = state.current;
    writeLocalDraft({ id: current, ...(current === null ? { key } : {}), ...fields, savedAt: Date.now() });
    const c = io.current;
    c.timer ||= setTimeout(() => void flush(), SAVE_DELAY_MS);
  };

  // Opening a proposal: load it, or recover what was typed into it and not yet saved.
  useEffect(() => {
    if (id === null) {
      if (pendingWrite(state.current)) {
        onNotice({ text: 'Recovered the proposal you were writing.', tone: 'info' });
        void flush();
      }
      return;
    }
    let live = true;
    void db.getProposal(id).then((p) => {
      if (!live) return;
      const draft = p ? draftFor(p.id) : null;
      dispatch({ type: 'loaded', proposal: p, draft });
      if (!p) onNotice({ text: 'That proposal no longer exists: this is a new one.', tone: 'info' });
      else if (pendingWrite(state.current)) {
        onNotice({ text: 'Recovered the changes you had not saved yet.', tone: 'info' });
        void flush();
      } else if (draft) {
        // Its save did reach the database (the answer was lost with the page): nothing to recover,
        // and left here it would be taken for unsaved text after the next crash.
        const kept = readLocalDraft();
        if (kept) clearLocalDraft(kept.savedAt);
      }
    }, (e) => { if (live) onNotice(failureNotice('This proposal could not be opened', e)); });
    return () => { live = false; };
  }, []);

  // Leaving the page, or this editor: write what the delay still holds (the local draft has it too).
  useEffect(() => {
    const onHide = () => { if (io.current.timer) void flush(); };
    addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
      // Another proposal is being opened: write, without taking the selection back from it.
      io.current.closed = true;
      onHide();
    };
  }, []);

  // Changed in another tab: write what is unsaved here first (keeping theirs as a version if both
  // changed the text), then show the proposal as it now is, unless typing went on meanwhile.
  useDataChanges((change) => {
    const { id: current } = state.current;
    if (current === null || !touches(change, current) || !fromElsewhere(change)) return;
    void flush().then(async () => {
      const p = await db.getProposal(current);
      const before = state.current;
      dispatch({ type: 'remote', proposal: p, key: randomId() });
      if (state.current === before) return;
      onRemoteChange?.();
      onNotice(p
        ? { text: 'Changed in another tab: this is the proposal as it is now.', tone: 'info' }
        : { text: 'This proposal was deleted in another tab. Your text is still here: type to save it as a new proposal.', tone: 'info' });
    }).catch((e) => onNotice(failureNotice('The change made in another tab could not be read', e)));
  });

  return {
    state: state.current,
    /** The latest state, for async work that outlives a render. */
    latest: () => state.current,
    change,
    flush,
    setProposal: (proposal: Proposal) => dispatch({ type: 'proposal', proposal }),
    /** While on, saves of the proposal text are a generation streaming in. */
    setStreaming: (on: boolean) => { io.current.streaming = on; },
  };
}
