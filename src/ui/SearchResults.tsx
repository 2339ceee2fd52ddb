import type { SearchResult } from '../db/api.ts';
import { SEARCH_LIMIT } from '../db/domain/limits.ts';
import { STATUS_LABEL } from '../db/domain/proposal.ts';
import { formatDate } from './format.ts';
import { Marked } from './Marked.tsx';

export function SearchResults({ result, query, selectedId, onSelect }: { result: SearchResult; query: string; selectedId: number | null; onSelect: (id: number) => void }) {
  const n = result.hits.length;
  return (
    <div class="search-results">
      <p class="list-note" role="status">
        {n === 0 ? `Nothing matches “${query}”.` : `${n === SEARCH_LIMIT ? `Best ${SEARCH_LIMIT}` : n} match${n === 1 ? '' : 'es'} for “${query}”`}
        <span class="fine"> ({result.ms.toFixed(1)} ms)</span>
      </p>
      <ol aria-label="Search results, best first">
        {result.hits.map((h) => (
          <li key={h.id}>
            <button type="button" class="row-button" aria-current={h.id === selectedId ? 'true' : undefined} onClick={() => onSelect(h.id)}>
              <span class="row-title"><Marked text={h.title} /></span>
              {h.proposalSnippet && <span class="snippet"><Marked text={h.proposalSnippet} /></span>}
              <span class="row-meta">
                <span class={`status status-${h.status}`}>{STATUS_LABEL[h.status]}</span>
                <time dateTime={h.createdAt}>{formatDate(h.createdAt)}</time>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
