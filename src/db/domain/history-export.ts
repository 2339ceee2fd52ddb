// The history as rows for a spreadsheet (the CSV export): one row per proposal, with its outcome,
// when it was sent and first answered, its deal, and every outcome change.
import type { Db } from './db.ts';
import { OUTCOME_LABELS, asOutcome } from './outcomes.ts';
import { proposalTitle } from './proposal.ts';

export const HISTORY_COLUMNS = [
  'id', 'title', 'client', 'job_url', 'outcome', 'outcome_changed_at', 'created_at', 'sent_at', 'first_reply_at',
  'bid_amount', 'bid_type', 'bid_currency', 'connects_spent', 'contract_value', 'outcome_history',
  'generated_provider', 'generated_model', 'prompt_template', 'job_post', 'proposal',
] as const;
export type HistoryRow = Record<(typeof HISTORY_COLUMNS)[number], string | number | null>;

export function historyRows(db: Db): HistoryRow[] {
  return db.query(
    `SELECT p.id, p.job_content, p.generated_text, p.client_name, p.job_url, p.outcome, p.outcome_changed_at, p.created_at,
       p.bid_amount, p.bid_type, p.bid_currency, p.connects_spent, p.contract_value,
       p.generated_provider, p.generated_model, p.generated_template,
       (SELECT min(changed_at) FROM proposal_outcomes o WHERE o.proposal_id = p.id AND o.outcome <> 'draft') AS sent_at,
       (SELECT min(changed_at) FROM proposal_outcomes o WHERE o.proposal_id = p.id AND o.outcome IN ('replied', 'interview', 'hired')) AS first_reply_at,
       (SELECT json_group_array(json_array(outcome, changed_at)) FROM (SELECT outcome, changed_at FROM proposal_outcomes o
          WHERE o.proposal_id = p.id ORDER BY changed_at, id)) AS outcome_history
     FROM proposals p WHERE p.deleted_at IS NULL ORDER BY p.created_at, p.id`,
  ).map((r) => ({
    id: Number(r.id),
    title: proposalTitle(String(r.job_content)),
    client: r.client_name as string | null,
    job_url: r.job_url as string | null,
    outcome: OUTCOME_LABELS[asOutcome(r.outcome)],
    outcome_changed_at: r.outcome_changed_at as string | null,
    created_at: String(r.created_at),
    sent_at: r.sent_at as string | null,
    first_reply_at: r.first_reply_at as string | null,
    bid_amount: r.bid_amount === null ? null : Number(r.bid_amount),
    bid_type: r.bid_type as string | null,
    bid_currency: r.bid_currency as string | null,
    connects_spent: r.connects_spent === null ? null : Number(r.connects_spent),
    contract_value: r.contract_value === null ? null : Number(r.contract_value),
    outcome_history: (JSON.parse(String(r.outcome_history)) as [string, string][])
      .map(([o, at]) => `${OUTCOME_LABELS[asOutcome(o)]} ${at}`).join('; ') || null,
    generated_provider: r.generated_provider as string | null,
    generated_model: r.generated_model as string | null,
    prompt_template: r.generated_template as string | null,
    job_post: String(r.job_content),
    proposal: String(r.generated_text),
  }));
}
