import { describe, expect, it } from 'vitest';
import { filterFromSearch, NO_FILTER, queryFilter, searchWithFilter } from './filter-url.ts';

describe('the history filters in the address', () => {
  it('go into the address and come back the same, other parameters kept, defaults left out', () => {
    const f = { outcomes: ['replied', 'interview'] as const, from: '2026-01-01', to: '2026-01-31', client: 'Acme & Co', sort: 'changed' as const, query: 'svelte store' };
    const search = searchWithFilter('?debug=1', { ...f, outcomes: [...f.outcomes] });
    expect(search).toBe('?debug=1&outcome=replied%2Cinterview&from=2026-01-01&to=2026-01-31&client=Acme+%26+Co&sort=changed&q=svelte+store');
    expect(filterFromSearch(search)).toEqual({ ...f, outcomes: ['replied', 'interview'] });
    expect(searchWithFilter(search, NO_FILTER)).toBe('?debug=1');
  });

  it('ignore what is not an outcome, a day or a sort (an edited or old address)', () => {
    expect(filterFromSearch('?outcome=won,hired,hired&from=yesterday&to=2026-13&sort=random')).toEqual({ ...NO_FILTER, outcomes: ['hired'] });
  });

  it('ask the database for whole local days, in UTC', () => {
    const q = queryFilter({ ...NO_FILTER, from: '2026-03-29', to: '2026-03-29', client: '  ' }, 'Europe/Berlin');
    // The clocks went forward that night: the day is 23 hours long.
    expect(q).toMatchObject({ from: '2026-03-28 23:00:00', to: '2026-03-29 22:00:00', client: undefined, query: undefined });
  });
});
