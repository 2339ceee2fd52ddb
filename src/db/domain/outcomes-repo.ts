// Outcomes as stored (V7): each change a dated row of proposal_outcomes; a trigger makes the
// newest the proposal's outcome (and its status). The deal: bid, Connects, contract value.
import { withTransaction, type Db } from './db.ts';
import { filterWhere, type ProposalFilter } from './proposal-filter.ts';
import { keepVersion } from './proposals-repo.ts';
import { checkDeal, isOutcome, OUTCOMES, OutcomeError, type Deal, type Outcome, type OutcomeChange } from './outcomes.ts';

/** A time as SQLite writes it ('YYYY-MM-DD HH:MM:SS', UTC): now, or `at` in any form SQLite reads. */
function sqliteTime(db: Db, at?: string): string {
  const [row] = at === undefined ? db.query(`SELECT datetime('now') AS at`) : db.query('SELECT datetime(?) AS at', [at]);
  if (row.at === null) throw new OutcomeError(`The date of an outcome change is not a date: ${JSON.stringify(at)}`);
  return String(row.at);
}

function currentOutcome(db: Db, id: number): Outcome {
  const [row] = db.query('SELECT outcome FROM proposals WHERE id = ? AND deleted_at IS NULL', [id]);
  if (!row) throw new OutcomeError(`Proposal ${id} does not exist (it may have been deleted).`);
  return row.outcome as Outcome;
}

/**
 * Sets a proposal's outcome, dated now (or `at`, UTC 'YYYY-MM-DD HH:MM:SS', for an import). The
 * same outcome again changes nothing and adds no history. Returns whether it changed.
 */
export function setOutcome(db: Db, id: number, outcome: Outcome, at?: string): boolean {
  if (!isOutcome(outcome)) throw new OutcomeError(`${JSON.stringify(outcome)} is not an outcome (one of ${OUTCOMES.join(', ')})`);
  const before = currentOutcome(db, id);
  if (before === outcome) return false;
  const when = sqliteTime(db, at);
  db.query('INSERT INTO proposal_outcomes (proposal_id, outcome, changed_at) VALUES (?, ?, ?)', [id, outcome, when]);
  // Sent (V5): the text as sent is kept as a version, marked, with the date; back to Draft, not sent.
  if (before === 'draft') db.query('UPDATE proposals SET sent_at = ?, sent_version_id = ? WHERE id = ?', [when, keepVersion(db, id), id]);
  else if (outcome === 'draft') db.query('UPDATE proposals SET sent_at = NULL, sent_version_id = NULL WHERE id = ?', [id]);
  return true;
}

/** Every change of a proposal's outcome, oldest first. */
export function outcomeHistory(db: Db, id: number): OutcomeChange[] {
  return db.query('SELECT outcome, changed_at FROM proposal_outcomes WHERE proposal_id = ? ORDER BY changed_at, id', [id])
    .map((r) => ({ outcome: r.outcome as Outcome, changedAt: String(r.changed_at) }));
}

/**
 * Replaces a new proposal's history with these changes (an import): all of them, in date order,
 * or none if one is bad. The last one becomes its outcome.
 */
export function writeOutcomeHistory(db: Db, id: number, changes: readonly OutcomeChange[]): void {
  withTransaction(db, () => {
    const dated = changes.map((c) => {
      if (!isOutcome(c.outcome)) throw new OutcomeError(`${JSON.stringify(c.outcome)} is not an outcome`);
      return { outcome: c.outcome, at: sqliteTime(db, c.changedAt) };
    });
    for (const c of dated.sort((a, b) => a.at.localeCompare(b.at))) {
      db.query('INSERT INTO proposal_outcomes (proposal_id, outcome, changed_at) VALUES (?, ?, ?)', [id, c.outcome, c.at]);
    }
  }, true); // inside the caller's transaction (an import's)
}

const DEAL_COLUMNS: Record<keyof Deal, string> = {
  bidAmount: 'bid_amount', bidType: 'bid_type', bidCurrency: 'bid_currency', connectsSpent: 'connects_spent', contractValue: 'contract_value',
};

/** Changes only the given fields of a proposal's deal, after checking them. */
export function updateDeal(db: Db, id: number, patch: Partial<Deal>): void {
  currentOutcome(db, id);
  const checked = checkDeal(patch);
  const fields = Object.keys(checked) as (keyof Deal)[];
  if (fields.length === 0) return;
  db.query(
    `UPDATE proposals SET ${fields.map((f) => `${DEAL_COLUMNS[f]} = ?`).join(', ')} WHERE id = ?`,
    [...fields.map((f) => checked[f] ?? null), id],
  );
}

/** How many proposals the filter finds with each outcome (whatever outcomes it asks for), and in all. */
export function outcomeCounts(db: Db, filter?: ProposalFilter): Record<Outcome, number> & { all: number } {
  const where = filterWhere(filter, { withOutcome: false });
  const counts = Object.fromEntries([...OUTCOMES.map((o) => [o, 0]), ['all', 0]]) as Record<Outcome, number> & { all: number };
  for (const r of db.query(`SELECT p.outcome, count(*) AS n FROM proposals p WHERE ${where.sql} GROUP BY p.outcome`, where.params)) {
    if (isOutcome(r.outcome)) counts[r.outcome] = Number(r.n);
    counts.all += Number(r.n);
  }
  return counts;
}
