import type { SearchResult } from '../db/api.ts';
import { SEARCH_LIMIT } from '../db/domain/limits.ts';
import { formatDate } from './format.ts';
import { Marked } from './Marked.tsx';
import { OutcomeBadge } from './outcomes/OutcomePicker.tsx';

/** The arrows, Home and End move between the buttons of a list with one Tab stop. */
export function moveFocusInList(e: KeyboardEvent) {
  const keys: Record<string, (i: number, n: number) => number> = {
    ArrowDown: (i) => i + 1, ArrowUp: (i) => i - 1, Home: () => 0, End: (_, n) => n - 1,
  };
  const move = keys[e.key];
  const list = (e.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('li > button');
  if (!move || list.length === 0) return;
  const at = [...list].indexOf(document.activeElement as HTMLButtonElement);
  e.preventDefault();
  list[Math.max(0, Math.min(list.length - 1, move(at, list.length)))].focus();
}

/** Search hits, best first; when there may be more than shown, a button shows the next ones. */
export function SearchResults({ result, query, limit, selectedId, onSelect, onMore }: {
  result: SearchResult; query: string; limit: number; selectedId: number | null; onSelect: (id: number) => void; onMore: () => void;
}) {
  const n = result.hits.length;
  const more = n >= limit;
  const stop = result.hits.some((h) => h.id === selectedId) ? selectedId : result.hits[0]?.id;
  return (
    <div class="search-results">
      <p class="list-note" role="status">
        {n === 0 ? `Nothing matches “${query}”.` : `${more ? `Best ${n}` : n} match${n === 1 ? '' : 'es'} for “${query}”`}
        <span class="fine"> ({result.ms.toFixed(1)} ms)</span>
      </p>
      <ol aria-label="Search results, best first" onKeyDown={moveFocusInList}>
        {result.hits.map((h) => (
          <li key={h.id}>
            <button type="button" class="row-button" aria-current={h.id === selectedId ? 'true' : undefined} tabIndex={h.id === stop ? 0 : -1} onClick={() => onSelect(h.id)}>
              <span class="row-title" dir="auto"><Marked text={h.title} /></span>
              {h.proposalSnippet && <span class="snippet" dir="auto"><Marked text={h.proposalSnippet} /></span>}
              <span class="row-meta">
                <OutcomeBadge outcome={h.outcome} />
                <time dateTime={h.createdAt}>{formatDate(h.createdAt)}</time>
              </span>
            </button>
          </li>
        ))}
      </ol>
      {more && <div class="list-more"><button type="button" onClick={onMore}>Show {SEARCH_LIMIT} more</button></div>}
    </div>
  );
}
