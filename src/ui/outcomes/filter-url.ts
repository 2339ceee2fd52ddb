// The history's filters as the address bar has them (?outcome=replied,interview&from=2026-01-01
// &to=2026-01-31&client=acme&sort=changed&q=svelte): a reload or a second tab opened on the same
// address shows the same list. Dates are local days here, UTC times for the database.
import type { ProposalFilter, ProposalSort } from '../../db/domain/proposal-filter.ts';
import { isOutcome, type Outcome } from '../../db/domain/outcomes.ts';
import { localMidnight, sqliteUtc } from '../../db/domain/calendar.ts';

export interface HistoryFilter {
  outcomes: Outcome[];
  /** Local days, 'YYYY-MM-DD', both included; '' for none. */
  from: string;
  to: string;
  client: string;
  sort: ProposalSort;
  query: string;
}

export const NO_FILTER: HistoryFilter = { outcomes: [], from: '', to: '', client: '', sort: 'created', query: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filterFromSearch(search: string): HistoryFilter {
  const p = new URLSearchParams(search);
  const day = (k: string) => (DAY.test(p.get(k) ?? '') ? p.get(k)! : '');
  return {
    outcomes: [...new Set((p.get('outcome') ?? '').split(',').filter(isOutcome))],
    from: day('from'),
    to: day('to'),
    client: p.get('client') ?? '',
    sort: p.get('sort') === 'changed' ? 'changed' : 'created',
    query: p.get('q') ?? '',
  };
}

/** The address's query with these filters, other parameters kept; the defaults are left out. */
export function searchWithFilter(search: string, f: HistoryFilter): string {
  const p = new URLSearchParams(search);
  const set = (k: string, v: string) => (v ? p.set(k, v) : p.delete(k));
  set('outcome', f.outcomes.join(','));
  set('from', f.from);
  set('to', f.to);
  set('client', f.client);
  set('sort', f.sort === 'changed' ? 'changed' : '');
  set('q', f.query);
  const text = p.toString();
  return text ? `?${text}` : '';
}

/** What the database is asked: local days become UTC times in `timeZone` (the whole of `to` is included). */
export function queryFilter(f: HistoryFilter, timeZone: string): ProposalFilter {
  const midnight = (day: string, plus = 0) => {
    const [y, m, d] = day.split('-').map(Number);
    return sqliteUtc(localMidnight(timeZone, y, m, d + plus));
  };
  return {
    outcomes: f.outcomes,
    from: f.from ? midnight(f.from) : undefined,
    to: f.to ? midnight(f.to, 1) : undefined,
    client: f.client.trim() || undefined,
    sort: f.sort,
    query: f.query.trim() || undefined,
  };
}

export const isFiltered = (f: HistoryFilter) => f.outcomes.length > 0 || Boolean(f.from || f.to || f.client.trim());
