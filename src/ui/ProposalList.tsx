import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ProposalSummary } from '../db/api.ts';
import type { DatabaseClient } from './database-client.ts';
import { formatDate } from './format.ts';
import type { ProposalFilter } from '../db/domain/proposal-filter.ts';
import { OutcomePicker } from './outcomes/OutcomePicker.tsx';
import type { Outcome } from '../db/domain/outcomes.ts';
import { failureNotice, NoticeLine, useNotice } from './notice.tsx';

const ROW_HEIGHT = 68;
const PAGE = 100;
const OVERSCAN = 6;

interface Props {
  db: DatabaseClient;
  /** Changes whenever the list must be read again (a save, a delete, an import). */
  revision: number;
  selectedId: number | null;
  onSelect: (id: number) => void;
  /** Which proposals, in which order (issue 17); `filtered`: something narrows the list. */
  filter?: ProposalFilter;
  filtered?: boolean;
  /** An outcome was set from the list. */
  onOutcome?: (id: number) => void;
}

/**
 * The history, newest first. Only the rows in view are rendered and only the pages in view are
 * read, so 10,000 proposals scroll like 10.
 */
export function ProposalList({ db, revision, selectedId, onSelect, filter, filtered, onOutcome }: Props) {
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<Map<number, ProposalSummary[]>>(new Map());
  const { notice, setNotice, attempt } = useNotice();
  const unread = (e: unknown) => setNotice(failureNotice('Your proposals could not be read', e));
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const box = useRef<HTMLDivElement>(null);
  const loading = useRef(new Set<number>());
  const currentRevision = useRef(revision);
  const inView = useRef<number[]>([0]);

  // After a change, the pages in view are read again and swapped in together: no flash of
  // "Loading…" for someone deep in a long list. Asked at once, not after the next frame as an
  // effect would: a filter change shows a frame sooner.
  useLayoutEffect(() => {
    currentRevision.current = revision;
    loading.current = new Set();
    const wanted = inView.current;
    void Promise.all(wanted.map((page) => db.listProposals(page * PAGE, PAGE, filter))).then((results) => {
      if (currentRevision.current !== revision) return;
      setTotal(results[0]?.total ?? 0);
      setPages(new Map(wanted.map((page, i) => [page, results[i].items])));
      setNotice(null);
    }, unread);
  }, [db, revision]);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, [total === null]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min((total ?? 0) - 1, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const firstPage = Math.floor(first / PAGE);
  const lastPage = Math.max(firstPage, Math.floor(last / PAGE));
  inView.current = Array.from({ length: lastPage - firstPage + 1 }, (_, i) => firstPage + i);

  useEffect(() => {
    if (total === null) return;
    for (const page of inView.current) {
      if (pages.has(page) || loading.current.has(page)) continue;
      loading.current.add(page);
      const rev = revision;
      void db.listProposals(page * PAGE, PAGE, filter).then(({ items }) => {
        if (currentRevision.current !== rev) return; // a change came since: that read is stale
        setPages((prev) => new Map(prev).set(page, items));
      }, (e) => {
        loading.current.delete(page); // tried again at the next scroll or change
        unread(e);
      });
    }
  }, [firstPage, lastPage, total, pages, revision]);

  const setOutcome = async (id: number, outcome: Outcome) => {
    await attempt('The outcome was not saved', () => db.setOutcome(id, outcome));
    onOutcome?.(id); // read again either way: the list shows what is stored
  };

  const rowAt = (i: number) => pages.get(Math.floor(i / PAGE))?.[i % PAGE];

  // One Tab stop for the whole list (the row last focused or the open proposal's, else the first
  // in view); the arrows, Home, End and the page keys move between rows, Enter opens one.
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const moving = useRef<number | null>(null);
  let selectedIndex = -1;
  for (const [page, items] of pages) {
    const k = items.findIndex((r) => r.id === selectedId);
    if (k >= 0) { selectedIndex = page * PAGE + k; break; }
  }
  const stopIndex = [focusIndex, selectedIndex].find((i): i is number => i !== null && i >= first && i <= last && !!rowAt(i)) ?? first;

  const onKeyDown = (e: KeyboardEvent) => {
    // The list stays one Tab stop: a row's outcome is reached with the right arrow (Shift+Tab back).
    const target = e.target as HTMLElement;
    if (e.key === 'ArrowRight' && target.classList.contains('row-button')) {
      const picker = target.parentElement?.querySelector<HTMLSelectElement>('.row-outcome');
      if (picker) { e.preventDefault(); picker.focus(); }
      return;
    }
    const moves: Record<string, (i: number) => number> = {
      ArrowDown: (i) => i + 1, ArrowUp: (i) => i - 1, Home: () => 0, End: () => (total ?? 1) - 1, PageDown: (i) => i + 8, PageUp: (i) => i - 8,
    };
    const move = moves[e.key];
    if (!move) return;
    if ((e.target as HTMLElement).tagName === 'SELECT') return; // the arrows choose an outcome there
    const el = box.current!;
    // From the row the last key is moving to (keys can come faster than frames), else the focused one.
    const from = moving.current ?? Number((document.activeElement as HTMLElement | null)?.closest('li')?.getAttribute('aria-posinset') ?? stopIndex + 1) - 1;
    const next = Math.max(0, Math.min((total ?? 1) - 1, move(from)));
    e.preventDefault();
    moving.current = next;
    setFocusIndex(next);
    if (next * ROW_HEIGHT < el.scrollTop) el.scrollTop = next * ROW_HEIGHT;
    else if ((next + 1) * ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = (next + 1) * ROW_HEIGHT - el.clientHeight;
    // The row may not be rendered (or read) yet: focus it once it is.
    const focusRow = (tries: number) => requestAnimationFrame(() => {
      if (moving.current !== next) return; // a later key moved on
      const row = el.querySelector<HTMLButtonElement>(`li[aria-posinset="${next + 1}"] button`);
      if (row) { row.focus(); moving.current = null; } else if (tries > 0) focusRow(tries - 1);
      else moving.current = null;
    });
    focusRow(30);
  };

  if (total === null) return notice ? <NoticeLine notice={notice} /> : <p class="list-note" role="status">Loading proposals…</p>;
  if (total === 0 && filtered) return <p class="list-note" role="status">No proposals match these filters.</p>;
  if (total === 0) {
    return (
      <div class="list-empty">
        <p><strong>No proposals yet.</strong></p>
        <p>Choose New proposal and paste a job post, then write your proposal or generate one. Everything is saved in this browser as you type, and works offline.</p>
      </div>
    );
  }
  const rows = [];
  for (let i = first; i <= last; i++) {
    const p = rowAt(i);
    rows.push(
      <li key={p?.id ?? `i${i}`} class="row" style={{ top: `${i * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }} aria-setsize={total} aria-posinset={i + 1}>
        {p ? (
          <>
            <button type="button" data-id={p.id} class="row-button" aria-current={p.id === selectedId ? 'true' : undefined} tabIndex={i === stopIndex ? 0 : -1}
              onClick={() => { setFocusIndex(i); onSelect(p.id); }}>
              <span class="row-title" dir="auto">{p.title}</span>
              <span class="row-meta">
                {p.clientName && <span dir="auto">{p.clientName}</span>}
                <time dateTime={p.createdAt}>{formatDate(p.createdAt)}</time>
              </span>
            </button>
            <OutcomePicker class="row-outcome" value={p.outcome} label={`Outcome of ${p.title}`} tabIndex={-1}
              onChange={(o) => void setOutcome(p.id, o)} />
          </>
        ) : <span class="row-loading">Loading…</span>}
      </li>,
    );
  }
  return (
    <>
    <NoticeLine notice={notice} />
    <div class="list-scroll" ref={box} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} onKeyDown={onKeyDown}>
      <ul class="list-canvas" aria-label={`Proposals, newest first (${total})`} style={{ height: `${total * ROW_HEIGHT}px` }}>
        {rows}
      </ul>
    </div>
    </>
  );
}
