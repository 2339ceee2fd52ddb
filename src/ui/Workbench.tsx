import { useEffect, useRef, useState } from 'preact/hooks';
import type { SearchResult, Settings } from '../db/api.ts';
import type { DatabaseClient } from './database-client.ts';
import { fromElsewhere, useDataChanges } from './data-changes.ts';
import { Editor } from './editor/Editor.tsx';
import { openOnStart, rememberOpen, reopenAfterRestart } from './editor/local-draft.ts';
import { ProposalList } from './ProposalList.tsx';
import { requestPersistence } from './storage-status.ts';
import { SearchResults } from './SearchResults.tsx';
import { SEARCH_LIMIT } from '../db/domain/limits.ts';
import { Trash } from './Trash.tsx';
import { failureNotice, NoticeLine, useNotice } from './notice.tsx';
import { SHORTCUTS } from './shortcuts.ts';
import { FilterBar } from './outcomes/FilterBar.tsx';
import { isFiltered, queryFilter } from './outcomes/filter-url.ts';
import { useHistoryFilter } from './outcomes/use-history-filter.ts';
import { ownTimeZone } from '../db/domain/calendar.ts';

interface Undo {
  id: number;
  title: string;
}

export function Workbench({ db, settings, onOpenSettings }: { db: DatabaseClient; settings: Settings; onOpenSettings: () => void }) {
  const [selectedId, setSelectedId] = useState<number | null>(openOnStart);
  // The proposal the user chose to open (the editor is mounted afresh for each one).
  const [openedId, setOpenedId] = useState<number | null>(selectedId);
  const [editorKey, setEditorKey] = useState(0);
  const [revision, setRevision] = useState(0);
  // Outcome, dates, client, sort and the search words: in the address (issue 17).
  const [filter, setFilter] = useHistoryFilter(() => setRevision((r) => r + 1));
  const query = filter.query;
  const setQuery = (q: string) => setFilter((f) => ({ ...f, query: q }));
  const dbFilter = queryFilter(filter, ownTimeZone());
  const filterKey = JSON.stringify(dbFilter);
  const [outcomeRevision, setOutcomeRevision] = useState(0);
  const [result, setResult] = useState<SearchResult | null>(null);
  // How many results to show: one page, and another each time "Show more" is chosen.
  const [searchLimit, setSearchLimit] = useState(SEARCH_LIMIT);
  const { notice, setNotice, attempt } = useNotice();
  const [undo, setUndo] = useState<Undo | null>(null);
  // On a narrow screen the list and the editor are two views: which one is shown (CSS decides
  // whether that matters: side by side, both are).
  const [pane, setPane] = useState<'list' | 'editor'>(selectedId === null ? 'list' : 'editor');
  const searchRef = useRef<HTMLInputElement>(null);
  // Another tab changed proposals: the list and the search results follow (this tab's own saves
  // already refresh what they change).
  // A burst of writes (an import, another tab typing) is one refresh: 32 ms after the last.
  const refresh = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useDataChanges((change) => {
    if (!change.proposals || !fromElsewhere(change)) return;
    clearTimeout(refresh.current);
    refresh.current = setTimeout(() => setRevision((r) => r + 1), 32);
  });

  // The editor of the proposal being left saves what it has before it goes (see Editor's unmount).
  const chosen = useRef(false);
  const select = (id: number | null) => {
    chosen.current = true;
    setSelectedId(id);
    rememberOpen(id);
  };
  const open = (id: number) => {
    setPane('editor');
    if (id === selectedId) return;
    setUndo(null);
    select(id);
    setOpenedId(id);
    setEditorKey((k) => k + 1);
  };
  const newProposal = () => {
    setPane('editor');
    select(null);
    setEditorKey((k) => k + 1);
    // Unless a field was chosen meanwhile (a frame can come late in a background tab): typing must not jump fields.
    requestAnimationFrame(() => {
      const active = document.activeElement;
      if (!active || active === document.body || active.tagName === 'BUTTON') document.getElementById('job')?.focus();
    });
  };

  // A browser that restarted (after a crash, say) comes back to the proposal being written.
  useEffect(() => {
    void db.lastEdited().then((last) => {
      const id = reopenAfterRestart(last);
      if (id !== null && !chosen.current) open(id);
    }, () => {});
  }, []);

  // Search as you type; a newer query wins over a slower older one.
  useEffect(() => {
    const q = query.trim();
    if (!q) { setResult(null); setNotice(null); return; }
    let live = true;
    const t = setTimeout(() => {
      db.search(q, searchLimit, dbFilter).then((r) => { if (live) { setResult(r); setNotice(null); } }, (e) => live && setNotice(failureNotice('Search failed', e)));
    }, 60);
    return () => { live = false; clearTimeout(t); };
  }, [filterKey, revision, searchLimit]);

  // The deleted proposal is in the trash for 30 days: the Undo stays until dismissed or another
  // proposal is opened, and it has the focus after a delete (where the Delete button was).
  const undoButton = useRef<HTMLButtonElement>(null);
  const [trashOpen, setTrashOpen] = useState(false);
  // Opened afresh even if it is the selected one: an editor that found it deleted shows a new proposal.
  const restored = (id: number) => {
    setUndo(null);
    setTrashOpen(false);
    setPane('editor');
    select(id);
    setOpenedId(id);
    setEditorKey((k) => k + 1);
    setRevision((r) => r + 1);
  };
  const undoDelete = async () => {
    if (!undo) return;
    const brought = await attempt(`“${undo.title}” was not brought back`, () => db.restoreProposal(undo.id));
    if (!brought) return setUndo(null);
    restored(undo.id);
  };

  /** Back to the list (a narrow screen's other view), focus on the open proposal's row or on the search. */
  const showList = (toRow: boolean) => {
    setPane('list');
    requestAnimationFrame(() => {
      const row = toRow ? document.querySelector<HTMLElement>('.history [aria-current="true"]') : null;
      if (row) row.focus();
      else { searchRef.current?.focus(); searchRef.current?.select(); }
    });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (SHORTCUTS.newProposal.test(e)) { e.preventDefault(); newProposal(); }
      else if (SHORTCUTS.search.test(e)) { e.preventDefault(); showList(false); }
      else if (SHORTCUTS.cancel.test(e) && document.activeElement === searchRef.current && query) { e.preventDefault(); setQuery(''); }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  return (
    <div class="workbench" data-pane={pane}>
      <aside class="history" aria-label="Proposal history">
        <div class="history-tools">
          <button type="button" class="primary" onClick={newProposal}>New proposal <kbd>{SHORTCUTS.newProposal.label}</kbd></button>
          <div class="search">
            <label for="search" class="visually-hidden">Search proposals</label>
            <input id="search" ref={searchRef} type="search" placeholder={`Search job posts and proposals (${SHORTCUTS.search.label})`}
              value={query} onInput={(e) => { setQuery(e.currentTarget.value); setSearchLimit(SEARCH_LIMIT); }} autocomplete="off" />
          </div>
        </div>
        <FilterBar db={db} filter={filter} query={dbFilter} revision={revision} onChange={setFilter} />
        <NoticeLine notice={notice} />
        {trashOpen
          ? <Trash db={db} revision={revision} onRestored={restored} onClose={() => setTrashOpen(false)} />
          : result
            ? <SearchResults result={result} query={query.trim()} limit={searchLimit} selectedId={selectedId} onSelect={open} onMore={() => setSearchLimit((l) => l + SEARCH_LIMIT)} />
            : <ProposalList db={db} revision={revision} selectedId={selectedId} onSelect={open}
                filter={dbFilter} filtered={isFiltered(filter)}
                onOutcome={(id) => { setRevision((r) => r + 1); if (id === selectedId) setOutcomeRevision((n) => n + 1); }} />}
        {!trashOpen && <div class="history-foot"><button type="button" onClick={() => setTrashOpen(true)}>Trash</button></div>}
      </aside>
      <div class="editor-pane">
      <div class="pane-nav">
        <button type="button" onClick={() => showList(true)}>← All proposals</button>
        <button type="button" onClick={newProposal}>New proposal <kbd>{SHORTCUTS.newProposal.label}</kbd></button>
      </div>
      {undo && (
        <div class="undo-bar" role="status">
          <span dir="auto">Deleted “{undo.title.length > 60 ? `${undo.title.slice(0, 60)}…` : undo.title}”: it is in the trash for 30 days.</span>
          <span class="undo-actions">
            <button type="button" ref={undoButton} onClick={() => void undoDelete()}>Undo</button>
            <button type="button" aria-label="Dismiss" onClick={() => setUndo(null)}>×</button>
          </span>
        </div>
      )}
      <Editor key={`${editorKey}:${openedId}`} db={db} id={selectedId} settings={settings} onOpenSettings={onOpenSettings} outcomeRevision={outcomeRevision}
        onSaved={(id, open) => { if (open && id !== selectedId) select(id); setRevision((r) => r + 1); void requestPersistence(); }}
        onDeleted={(id, title) => {
          setUndo({ id, title }); select(null); setEditorKey((k) => k + 1); setRevision((r) => r + 1);
          requestAnimationFrame(() => undoButton.current?.focus());
        }} />
      </div>
    </div>
  );
}
