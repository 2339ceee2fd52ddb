// The dashboard's numbers, by SQL: what the proposals sent in a period became. A proposal counts
// in the period (and in the week) it was first sent; how far it got is its stage (outcomes.ts:
// where it is on the way, or how far its history went before it closed).
import type { Db, SqlValue } from './db.ts';
import type { Week } from './calendar.ts';

export interface StageCounts {
  sent: number;
  viewed: number;
  replied: number;
  interview: number;
  hired: number;
}

export interface WeekRow extends StageCounts {
  /** Its Monday, local. */
  label: string;
}

export interface GroupRow extends StageCounts {
  /** null: not known (no client, no bid type, not generated). */
  key: string | null;
  connects: number;
}

export interface DashboardData {
  /** The period, UTC as SQLite writes times: from (inclusive) to (exclusive). */
  from: string;
  to: string;
  funnel: StageCounts;
  /** Where the period's proposals are now. */
  now: { open: number; hired: number; notHired: number; noReply: number };
  weeks: WeekRow[];
  /** Hours from sending to the first reply (or anything past it), over the proposals that got one. */
  firstReply: { count: number; medianHours: number; meanHours: number } | null;
  connects: { spent: number; proposalsWithConnects: number; perReply: number | null; perHire: number | null };
  contractValue: number;
  byClient: GroupRow[];
  byBidType: GroupRow[];
  byModel: GroupRow[];
}

const STAGE_OF = (column: string) => `CASE ${column} WHEN 'draft' THEN 0 WHEN 'sent' THEN 1 WHEN 'viewed' THEN 2 WHEN 'replied' THEN 3
  WHEN 'interview' THEN 4 WHEN 'hired' THEN 5 ELSE 1 END`;

/** Each proposal first sent in [?1, ?2): when, how far it got, its first reply, and the fields the groups use. */
const FACTS = `
  hist AS (
    SELECT o.proposal_id AS id,
      min(CASE WHEN o.outcome <> 'draft' THEN o.changed_at END) AS sent_at,
      min(CASE WHEN o.outcome IN ('replied', 'interview', 'hired') THEN o.changed_at END) AS replied_at,
      max(CASE WHEN o.outcome IN ('not_hired', 'no_reply') THEN 1 ELSE ${STAGE_OF('o.outcome')} END) AS history_stage
    FROM proposal_outcomes o GROUP BY o.proposal_id
  ),
  facts AS (
    SELECT p.id, h.sent_at, h.replied_at, p.outcome, p.client_name, p.bid_type, p.connects_spent, p.contract_value,
      CASE WHEN p.outcome IN ('not_hired', 'no_reply') THEN max(1, h.history_stage) ELSE ${STAGE_OF('p.outcome')} END AS stage
    FROM proposals p JOIN hist h ON h.id = p.id
    WHERE p.deleted_at IS NULL AND p.outcome <> 'draft' AND h.sent_at >= ?1 AND h.sent_at < ?2
  )`;

const STAGE_SUMS = `count(*) AS sent, coalesce(sum(stage >= 2), 0) AS viewed, coalesce(sum(stage >= 3), 0) AS replied,
  coalesce(sum(stage >= 4), 0) AS interview, coalesce(sum(stage >= 5), 0) AS hired`;

const stageCounts = (r: Record<string, SqlValue>): StageCounts => ({
  sent: Number(r.sent), viewed: Number(r.viewed), replied: Number(r.replied), interview: Number(r.interview), hired: Number(r.hired),
});

/** The groups a dashboard shows results by: SQL over `facts f`, from this fixed list only. */
const GROUPS = {
  byClient: 'f.client_name',
  byBidType: 'f.bid_type',
  // The model of the newest generated version kept for it, if any.
  byModel: `(SELECT v.model FROM proposal_versions v WHERE v.proposal_id = f.id AND v.source = 'generated' AND v.model IS NOT NULL ORDER BY v.id DESC LIMIT 1)`,
} as const;

function groupBy(db: Db, period: SqlValue[], key: string, limit: number): GroupRow[] {
  return db.query(
    `WITH ${FACTS}, keyed AS (SELECT ${key} AS key, f.* FROM facts f)
     SELECT key, ${STAGE_SUMS}, coalesce(sum(connects_spent), 0) AS connects FROM keyed
     GROUP BY key ORDER BY sent DESC, key IS NULL, key LIMIT ?3`,
    [...period, limit],
  ).map((r) => ({ key: r.key === null ? null : String(r.key), ...stageCounts(r), connects: Number(r.connects) }));
}

/** The first time any proposal was sent, if one was: where "all time" begins. */
export function firstSent(db: Db): string | null {
  const [row] = db.query(`SELECT min(o.changed_at) AS at FROM proposal_outcomes o JOIN proposals p ON p.id = o.proposal_id
    WHERE o.outcome <> 'draft' AND p.deleted_at IS NULL`);
  return row?.at === null || row?.at === undefined ? null : String(row.at);
}

/** Everything the dashboard shows for the proposals first sent from `from` to `to` (UTC), by the given local weeks. */
export function dashboardData(db: Db, { from, to, weeks }: { from: string; to: string; weeks: readonly Week[] }): DashboardData {
  const period: SqlValue[] = [from, to];
  const [totals] = db.query(
    `WITH ${FACTS}
     SELECT ${STAGE_SUMS},
       coalesce(sum(outcome IN ('sent', 'viewed', 'replied', 'interview')), 0) AS open,
       coalesce(sum(outcome = 'hired'), 0) AS now_hired, coalesce(sum(outcome = 'not_hired'), 0) AS not_hired,
       coalesce(sum(outcome = 'no_reply'), 0) AS no_reply,
       coalesce(sum(connects_spent), 0) AS connects, count(connects_spent) AS with_connects,
       coalesce(sum(CASE WHEN outcome = 'hired' THEN contract_value END), 0) AS contract_value
     FROM facts`,
    period,
  );
  const funnel = stageCounts(totals);

  // Each week's start, and the next one's (the last ends at `to`), then the proposals in each.
  const weekRows = db.query(
    `WITH ${FACTS},
     w AS (SELECT CAST(key AS INTEGER) AS i, value AS start, lead(value, 1, ?3) OVER (ORDER BY CAST(key AS INTEGER)) AS end FROM json_each(?4))
     SELECT w.i, count(f.id) AS sent, coalesce(sum(f.stage >= 2), 0) AS viewed, coalesce(sum(f.stage >= 3), 0) AS replied,
       coalesce(sum(f.stage >= 4), 0) AS interview, coalesce(sum(f.stage >= 5), 0) AS hired
     FROM w LEFT JOIN facts f ON f.sent_at >= w.start AND f.sent_at < w.end
     GROUP BY w.i ORDER BY w.i`,
    [...period, to, JSON.stringify(weeks.map((w) => w.start))],
  );

  const [reply] = db.query(
    `WITH ${FACTS},
     hours AS (SELECT (julianday(replied_at) - julianday(sent_at)) * 24 AS h FROM facts WHERE stage >= 3 AND replied_at IS NOT NULL),
     ranked AS (SELECT h, row_number() OVER (ORDER BY h) AS rn, count(*) OVER () AS n FROM hours)
     SELECT count(*) AS n, avg(h) AS mean,
       (SELECT avg(h) FROM ranked WHERE rn IN ((n + 1) / 2, (n + 2) / 2)) AS median
     FROM ranked`,
    period,
  );

  const spent = Number(totals.connects);
  const withConnects = Number(totals.with_connects);
  const per = (n: number) => (withConnects > 0 && n > 0 ? spent / n : null);
  return {
    from, to, funnel,
    now: { open: Number(totals.open), hired: Number(totals.now_hired), notHired: Number(totals.not_hired), noReply: Number(totals.no_reply) },
    weeks: weekRows.map((r) => ({ label: weeks[Number(r.i)].label, ...stageCounts(r) })),
    firstReply: Number(reply.n) > 0 ? { count: Number(reply.n), medianHours: Number(reply.median), meanHours: Number(reply.mean) } : null,
    connects: { spent, proposalsWithConnects: withConnects, perReply: per(funnel.replied), perHire: per(funnel.hired) },
    contractValue: Number(totals.contract_value),
    byClient: groupBy(db, period, GROUPS.byClient, 10),
    byBidType: groupBy(db, period, GROUPS.byBidType, 3),
    byModel: groupBy(db, period, GROUPS.byModel, 10),
  };
}
