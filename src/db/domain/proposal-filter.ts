// Which proposals the history shows: by outcome, a date range, a client and the search words,
// sorted by creation or by the last outcome change. One WHERE clause for the list, its count,
// the counts per outcome and the ranked search, so they always agree.
import { isOutcome, OUTCOMES, type Outcome } from './outcomes.ts';
import { buildFtsQuery } from './search-query.ts';
import type { SqlValue } from './db.ts';

export type ProposalSort = 'created' | 'changed';

export interface ProposalFilter {
  /** Any of these outcomes (none or empty: all). */
  outcomes?: Outcome[];
  /** From this UTC time (inclusive) to that one (exclusive), 'YYYY-MM-DD HH:MM:SS', on the date sorted by. */
  from?: string;
  to?: string;
  /** Part of the client's name, any case. */
  client?: string;
  /** Words to search for (the ranked search's syntax). */
  query?: string;
  sort?: ProposalSort;
}

/** The date a sort and a date range use: a draft never sent counts from its creation. */
export const sortDate = (sort: ProposalSort | undefined, alias = 'p') =>
  sort === 'changed' ? `coalesce(${alias}.outcome_changed_at, ${alias}.created_at)` : `${alias}.created_at`;

/** An SQL condition on proposals `p` and its values; `withOutcome: false` leaves the outcomes out (for counting each). */
export function filterWhere(filter: ProposalFilter = {}, { withOutcome = true } = {}): { sql: string; params: SqlValue[] } {
  const parts = ['p.deleted_at IS NULL'];
  const params: SqlValue[] = [];
  const outcomes = (filter.outcomes ?? []).filter(isOutcome);
  if (withOutcome && outcomes.length > 0 && outcomes.length < OUTCOMES.length) {
    parts.push(`p.outcome IN (${outcomes.map(() => '?').join(', ')})`);
    params.push(...outcomes);
  }
  const date = sortDate(filter.sort);
  if (filter.from) { parts.push(`${date} >= ?`); params.push(filter.from); }
  if (filter.to) { parts.push(`${date} < ?`); params.push(filter.to); }
  const client = filter.client?.trim().toLowerCase();
  if (client) { parts.push(`instr(lower(coalesce(p.client_name, '')), ?) > 0`); params.push(client); }
  const match = filter.query ? buildFtsQuery(filter.query) : null;
  if (match) { parts.push('p.id IN (SELECT rowid FROM proposals_fts WHERE proposals_fts MATCH ?)'); params.push(match); }
  return { sql: parts.join(' AND '), params };
}
