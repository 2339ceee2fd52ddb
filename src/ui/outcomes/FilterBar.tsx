// The history's filters: outcomes (each with how many the other filters find), a date range, a
// client and the sort. The search box beside it is the words.
import { useLayoutEffect, useState } from 'preact/hooks';
import type { ProposalFilter } from '../../db/domain/proposal-filter.ts';
import { OUTCOME_LABELS, OUTCOMES, type Outcome } from '../../db/domain/outcomes.ts';
import type { DatabaseClient } from '../database-client.ts';
import { failureNotice, NoticeLine, useNotice } from '../notice.tsx';
import { isFiltered, NO_FILTER, type HistoryFilter } from './filter-url.ts';

interface Props {
  db: DatabaseClient;
  filter: HistoryFilter;
  /** The same filter as the database is asked it (for the counts). */
  query: ProposalFilter;
  /** Changes whenever the counts must be read again. */
  revision: number;
  onChange: (f: HistoryFilter) => void;
}

export function FilterBar({ db, filter, query, revision, onChange }: Props) {
  const [counts, setCounts] = useState<Record<Outcome | 'all', number> | null>(null);
  const { notice, setNotice } = useNotice();
  const key = JSON.stringify(query);
  useLayoutEffect(() => { // asked at once, not a frame later
    let live = true;
    void db.outcomeCounts(query).then(
      (c) => { if (live) { setCounts(c); setNotice(null); } },
      (e) => live && setNotice(failureNotice('The counts per outcome could not be read', e)),
    );
    return () => { live = false; };
  }, [key, revision]);

  const toggle = (o: Outcome) => onChange({
    ...filter,
    outcomes: filter.outcomes.includes(o) ? filter.outcomes.filter((x) => x !== o) : OUTCOMES.filter((x) => x === o || filter.outcomes.includes(x)),
  });
  // One Tab stop: the arrows, Home and End move between the outcomes (a toolbar).
  const [current, setCurrent] = useState(0);
  const chipKeys = (e: KeyboardEvent) => {
    const buttons = [...(e.currentTarget as HTMLElement).querySelectorAll('button')];
    const at = buttons.indexOf(e.target as HTMLButtonElement);
    const to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (to === undefined || at < 0) return;
    e.preventDefault();
    const next = (to + buttons.length) % buttons.length;
    setCurrent(next);
    buttons[next].focus();
  };
  const more = Boolean(filter.from || filter.to || filter.client || filter.sort !== 'created');
  return (
    <div class="filter-bar">
      <NoticeLine notice={notice} />
      <div class="outcome-chips" role="toolbar" aria-label="Show outcomes" onKeyDown={chipKeys}>
        <button type="button" tabIndex={current === 0 ? 0 : -1} aria-pressed={filter.outcomes.length === 0 ? 'true' : 'false'} onClick={() => onChange({ ...filter, outcomes: [] })}>
          All{counts && <span class="count"> {counts.all}</span>}
        </button>
        {OUTCOMES.map((o, i) => (
          <button key={o} type="button" tabIndex={current === i + 1 ? 0 : -1} class={`outcome-${o}`} aria-pressed={filter.outcomes.includes(o) ? 'true' : 'false'} onClick={() => toggle(o)}>
            {OUTCOME_LABELS[o]}{counts && <span class="count"> {counts[o]}</span>}
          </button>
        ))}
      </div>
      <details class="more-filters" open={more}>
        <summary>Dates, client, sort</summary>
        <div class="filter-fields">
          <div>
            <label for="filter-from">From</label>
            <input id="filter-from" type="date" value={filter.from} max={filter.to || undefined} onChange={(e) => onChange({ ...filter, from: e.currentTarget.value })} />
          </div>
          <div>
            <label for="filter-to">To</label>
            <input id="filter-to" type="date" value={filter.to} min={filter.from || undefined} onChange={(e) => onChange({ ...filter, to: e.currentTarget.value })} />
          </div>
          <div>
            <label for="filter-client">Client</label>
            <input id="filter-client" type="search" value={filter.client} placeholder="Any client" onInput={(e) => onChange({ ...filter, client: e.currentTarget.value })} />
          </div>
          <div>
            <label for="filter-sort">Sort by</label>
            <select id="filter-sort" value={filter.sort} onChange={(e) => onChange({ ...filter, sort: e.currentTarget.value === 'changed' ? 'changed' : 'created' })}>
              <option value="created">Date written</option>
              <option value="changed">Last outcome change</option>
            </select>
          </div>
        </div>
        <p class="fine">The dates apply to the date sorted by.</p>
      </details>
      {isFiltered(filter) && (
        <button type="button" class="link" onClick={() => onChange({ ...NO_FILTER, query: filter.query })}>Clear filters</button>
      )}
    </div>
  );
}
