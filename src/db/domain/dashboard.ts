// The dashboard's numbers, by SQL: what the proposals sent in a period became. A proposal counts
// in the period (and in the week) it was first sent; how far it got is its stage (outcomes.ts:
// where it is on the way, or how far its history went before it closed).
import type { Db, SqlValue } from './db.ts';
import type { Week } from './calendar.ts';
import { CLOSED_WITHOUT_HIRE, OUTCOME_STAGE, OUTCOMES } from './outcomes.ts';

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
  /** Provider · model as recorded when generated, else the model of the newest generated version kept. */
  byModel: GroupRow[];
  /** The prompt template's label (generated-with.ts). */
  byTemplate: GroupRow[];
}

/** An outcome's stage (OUTCOME_STAGE) in SQL. */
const STAGE_OF = (column: string) => `CASE ${column} ${OUTCOMES.map((o) => `WHEN '${o}' THEN ${OUTCOME_STAGE[o]}`).join(' ')} END`;
const CLOSED = `(${CLOSED_WITHOUT_HIRE.map((o) => `'${o}'`).join(', ')})`;

/**
 * Each proposal first sent in [?1, ?2): when, how far it got, its first reply, and the fields the
 * groups use. Materialized: the one statement below reads it many times, it is computed once.
 * How far it got: a proposal on the way (Sent … Hired) is where it is now, so a mistaken click
 * that was corrected does not count; a closed one (Not hired, No reply) got as far as its history
 * went before it closed.
 */
const FACTS = `
  hist AS (
    SELECT o.proposal_id AS id,
      min(CASE WHEN o.outcome <> 'draft' THEN o.changed_at END) AS sent_at,
      min(CASE WHEN o.outcome IN ('replied', 'interview', 'hired') THEN o.changed_at END) AS replied_at,
      max(${STAGE_OF('o.outcome')}) AS history_stage
    FROM proposal_outcomes o GROUP BY o.proposal_id
  ),
  facts AS MATERIALIZED (
    SELECT p.id, h.sent_at, h.replied_at, p.outcome, p.client_name, p.bid_type, p.connects_spent, p.contract_value, p.generated_template AS template,
      CASE WHEN p.outcome IN ${CLOSED} THEN max(1, h.history_stage) ELSE ${STAGE_OF('p.outcome')} END AS stage,
      coalesce(p.generated_provider || ' · ' || p.generated_model,
        (SELECT v.model FROM proposal_versions v WHERE v.proposal_id = p.id AND v.source = 'generated' AND v.model IS NOT NULL
          ORDER BY v.id DESC LIMIT 1)) AS model
    FROM hist h JOIN proposals p ON p.id = h.id
    WHERE p.deleted_at IS NULL AND p.outcome <> 'draft' AND h.sent_at >= ?1 AND h.sent_at < ?2
  )`;

const STAGE_SUMS = `count(*) AS sent, coalesce(sum(stage >= 2), 0) AS viewed, coalesce(sum(stage >= 3), 0) AS replied,
  coalesce(sum(stage >= 4), 0) AS interview, coalesce(sum(stage >= 5), 0) AS hired`;

const stageCounts = (r: Record<string, SqlValue>): StageCounts => ({
  sent: Number(r.sent), viewed: Number(r.viewed), replied: Number(r.replied), interview: Number(r.interview), hired: Number(r.hired),
});

/** The groups a dashboard shows results by (a column of facts, from this fixed list only) and how many of each. */
const GROUPS = { byClient: ['client_name', 10], byBidType: ['bid_type', 3], byModel: ['model', 10], byTemplate: ['template', 10] } as const;
type GroupName = keyof typeof GROUPS;

const groupPart = (name: GroupName) => `SELECT * FROM (
    SELECT '${name}' AS part, ${GROUPS[name][0]} AS key, NULL AS i, ${STAGE_SUMS}, coalesce(sum(connects_spent), 0) AS a,
      NULL AS b, NULL AS c, NULL AS d, NULL AS e, NULL AS f
    FROM facts GROUP BY ${GROUPS[name][0]} ORDER BY sent DESC, ${GROUPS[name][0]} IS NULL, ${GROUPS[name][0]} LIMIT ${GROUPS[name][1]})`;

/**
 * The whole dashboard in one statement over the facts, in parts (column `part`), each row
 * `sent … hired` plus its own figures in a … f:
 * - totals: a open, b hired now, c not hired, d no reply, e Connects spent, f proposals with Connects; key: contract value won
 * - week (i: its index): the proposals first sent that week. Week starts and facts are sorted
 *   together once; a running count of the starts passed is each fact's week (no join per week).
 * - reply: a how many got a reply, b mean hours to it, c median hours
 * - byClient, byBidType, byModel: a Connects spent
 */
const DASHBOARD_SQL = `
  WITH ${FACTS},
  events AS (
    SELECT CAST(key AS INTEGER) AS week, value AS t, 1 AS is_start, NULL AS stage FROM json_each(?3)
    UNION ALL SELECT NULL, sent_at, 0, stage FROM facts
  ),
  placed AS (SELECT sum(is_start) OVER (ORDER BY t, is_start DESC ROWS UNBOUNDED PRECEDING) - 1 AS i, is_start, stage FROM events),
  hours AS (SELECT (julianday(replied_at) - julianday(sent_at)) * 24 AS h FROM facts WHERE stage >= 3 AND replied_at IS NOT NULL),
  ranked AS (SELECT h, row_number() OVER (ORDER BY h) AS rn, count(*) OVER () AS n FROM hours)
  SELECT 'totals' AS part, coalesce(sum(CASE WHEN outcome = 'hired' THEN contract_value END), 0) AS key, NULL AS i, ${STAGE_SUMS},
    coalesce(sum(outcome IN ('sent', 'viewed', 'replied', 'interview')), 0) AS a, coalesce(sum(outcome = 'hired'), 0) AS b,
    coalesce(sum(outcome = 'not_hired'), 0) AS c, coalesce(sum(outcome = 'no_reply'), 0) AS d,
    coalesce(sum(connects_spent), 0) AS e, count(connects_spent) AS f
  FROM facts
  UNION ALL
  SELECT 'week', NULL, i, coalesce(sum(1 - is_start), 0), coalesce(sum(stage >= 2), 0), coalesce(sum(stage >= 3), 0),
    coalesce(sum(stage >= 4), 0), coalesce(sum(stage >= 5), 0), NULL, NULL, NULL, NULL, NULL, NULL
  FROM placed WHERE i >= 0 GROUP BY i
  UNION ALL
  SELECT 'reply', NULL, NULL, 0, 0, 0, 0, 0, count(*), avg(h), (SELECT avg(h) FROM ranked WHERE rn IN ((n + 1) / 2, (n + 2) / 2)), NULL, NULL, NULL
  FROM ranked
  UNION ALL ${groupPart('byClient')}
  UNION ALL ${groupPart('byBidType')}
  UNION ALL ${groupPart('byModel')}
  UNION ALL ${groupPart('byTemplate')}`;

/** The first time any proposal was sent, if one was: where "all time" begins. */
export function firstSent(db: Db): string | null {
  const [row] = db.query(`SELECT min(o.changed_at) AS at FROM proposal_outcomes o JOIN proposals p ON p.id = o.proposal_id
    WHERE o.outcome <> 'draft' AND p.deleted_at IS NULL`);
  return row?.at === null || row?.at === undefined ? null : String(row.at);
}

/** Everything the dashboard shows for the proposals first sent from `from` to `to` (UTC), by the given local weeks. */
export function dashboardData(db: Db, { from, to, weeks }: { from: string; to: string; weeks: readonly Week[] }): DashboardData {
  const rows = db.query(DASHBOARD_SQL, [from, to, JSON.stringify(weeks.map((w) => w.start))]);
  const part = (name: string) => rows.filter((r) => r.part === name);
  const [totals] = part('totals');
  const [reply] = part('reply');
  const funnel = stageCounts(totals);
  const perWeek = new Map(part('week').map((r) => [Number(r.i), stageCounts(r)]));
  const spent = Number(totals.e);
  const withConnects = Number(totals.f);
  const per = (n: number) => (withConnects > 0 && n > 0 ? spent / n : null);
  const groups = (name: GroupName): GroupRow[] => part(name).map((r) => ({ key: r.key === null ? null : String(r.key), ...stageCounts(r), connects: Number(r.a) }));
  return {
    from, to, funnel,
    now: { open: Number(totals.a), hired: Number(totals.b), notHired: Number(totals.c), noReply: Number(totals.d) },
    weeks: weeks.map((w, i) => ({ label: w.label, ...(perWeek.get(i) ?? { sent: 0, viewed: 0, replied: 0, interview: 0, hired: 0 }) })),
    firstReply: Number(reply.a) > 0 ? { count: Number(reply.a), medianHours: Number(reply.c), meanHours: Number(reply.b) } : null,
    connects: { spent, proposalsWithConnects: withConnects, perReply: per(funnel.replied), perHire: per(funnel.hired) },
    contractValue: Number(totals.key),
    byClient: groups('byClient'),
    byBidType: groups('byBidType'),
    byModel: groups('byModel'),
    byTemplate: groups('byTemplate'),
  };
}
