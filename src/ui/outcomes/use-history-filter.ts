// The history's filters, kept in the address (replaceState: filtering is not navigation, Back
// leaves the app as before). Reload or open the address in another tab: the same filters.
import { useEffect, useState } from 'preact/hooks';
import { filterFromSearch, searchWithFilter, type HistoryFilter } from './filter-url.ts';

export function useHistoryFilter(onChange: () => void): [HistoryFilter, (f: HistoryFilter) => void] {
  const [filter, setFilter] = useState(() => filterFromSearch(location.search));
  useEffect(() => {
    const next = searchWithFilter(location.search, filter);
    if (next !== location.search) history.replaceState(history.state, '', `${location.pathname}${next}${location.hash}`);
  }, [filter]);
  return [filter, (f) => { setFilter(f); onChange(); }];
}
