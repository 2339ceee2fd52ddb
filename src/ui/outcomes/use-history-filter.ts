// The history's filters, kept in the address (replaceState: filtering is not navigation, Back
// leaves the app as before). Reload or open the address in another tab: the same filters. The
// address is written at once, not in an effect: a reload right after a change keeps it.
import { useRef, useState } from 'preact/hooks';
import { filterFromSearch, searchWithFilter, type HistoryFilter } from './filter-url.ts';

type Change = HistoryFilter | ((current: HistoryFilter) => HistoryFilter);

export function useHistoryFilter(onChange: () => void): [HistoryFilter, (change: Change) => void] {
  const [filter, setFilter] = useState(() => filterFromSearch(location.search));
  const latest = useRef(filter);
  const update = (change: Change) => {
    const next = typeof change === 'function' ? change(latest.current) : change;
    latest.current = next;
    const search = searchWithFilter(location.search, next);
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
    setFilter(next);
    onChange();
  };
  return [filter, update];
}
