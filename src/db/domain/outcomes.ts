// What became of a proposal: its outcome, the order outcomes come in, and the desktop app's
// values mapped onto them. Pure rules, shared by the repository, the dashboard, imports and the UI.

export const OUTCOMES = ['draft', 'sent', 'viewed', 'replied', 'interview', 'hired', 'not_hired', 'no_reply'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, string> = {
  draft: 'Draft', sent: 'Sent', viewed: 'Viewed', replied: 'Replied', interview: 'Interview', hired: 'Hired',
  not_hired: 'Not hired', no_reply: 'No reply',
};

/**
 * How far along the way to a hire an outcome is. Not hired and No reply close a proposal without
 * saying how far it got: the dashboard reads that from its history (dashboard.ts).
 */
export const OUTCOME_STAGE: Record<Outcome, number> = {
  draft: 0, sent: 1, viewed: 2, replied: 3, interview: 4, hired: 5, not_hired: 1, no_reply: 1,
};
/** The outcomes that close a proposal without a hire. */
export const CLOSED_WITHOUT_HIRE: readonly Outcome[] = ['not_hired', 'no_reply'];

export const isOutcome = (v: unknown): v is Outcome => typeof v === 'string' && (OUTCOMES as readonly string[]).includes(v);

/** The V3 status an outcome implies: sent once it is past draft. */
export const statusOf = (outcome: Outcome): 'draft' | 'sent' => (outcome === 'draft' ? 'draft' : 'sent');

/** The desktop app's outcome_status values, each onto exactly one of ours (and back). */
export const DESKTOP_OUTCOMES = {
  pending: 'draft',
  submitted: 'sent',
  response_received: 'replied',
  interview: 'interview',
  hired: 'hired',
  no_response: 'no_reply',
  rejected: 'not_hired',
} as const satisfies Record<string, Outcome>;
export type DesktopOutcome = keyof typeof DESKTOP_OUTCOMES;

export class OutcomeError extends Error {
  readonly kind = 'bad-outcome';
  constructor(message: string) {
    super(message);
    this.name = 'OutcomeError';
  }
}

/** The outcome for a desktop app's outcome_status; an unknown value is named in the error. */
export function outcomeFromDesktop(value: unknown, where = 'outcome_status'): Outcome {
  if (typeof value === 'string' && Object.hasOwn(DESKTOP_OUTCOMES, value)) return DESKTOP_OUTCOMES[value as DesktopOutcome];
  throw new OutcomeError(`${where}: ${JSON.stringify(value)} is not one of the desktop app's outcomes (${Object.keys(DESKTOP_OUTCOMES).join(', ')})`);
}

/** Viewed has no desktop value; it goes back as submitted, the nearest one. */
export function outcomeToDesktop(outcome: Outcome): DesktopOutcome {
  if (outcome === 'viewed') return 'submitted';
  return (Object.keys(DESKTOP_OUTCOMES) as DesktopOutcome[]).find((k) => DESKTOP_OUTCOMES[k] === outcome)!;
}

export type BidType = 'hourly' | 'fixed';

/** What the freelancer offered and paid for a proposal, and what a hire was worth: all optional. */
export interface Deal {
  bidAmount: number | null;
  bidType: BidType | null;
  /** ISO 4217, three capital letters; the contract value is in it too. */
  bidCurrency: string | null;
  connectsSpent: number | null;
  contractValue: number | null;
}

export const EMPTY_DEAL: Deal = { bidAmount: null, bidType: null, bidCurrency: null, connectsSpent: null, contractValue: null };

/** Checks a deal's fields; the error names the field and the value. */
export function checkDeal(patch: Partial<Deal>): Partial<Deal> {
  const out: Partial<Deal> = {};
  const amount = (field: 'bidAmount' | 'contractValue' | 'connectsSpent', label: string, whole = false) => {
    if (!(field in patch)) return;
    const v = patch[field];
    if (v === null || v === undefined) { out[field] = null; return; }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (whole && !Number.isInteger(v))) {
      throw new OutcomeError(`${label} must be ${whole ? 'a whole number' : 'a number'} of 0 or more, not ${JSON.stringify(v)}`);
    }
    if (v > 1e9) throw new OutcomeError(`${label} is too large (${v})`);
    out[field] = v;
  };
  amount('bidAmount', 'The bid');
  amount('contractValue', 'The contract value');
  amount('connectsSpent', 'Connects spent', true);
  if ('bidType' in patch) {
    const t = patch.bidType ?? null;
    if (t !== null && t !== 'hourly' && t !== 'fixed') throw new OutcomeError(`The bid type must be "hourly" or "fixed", not ${JSON.stringify(t)}`);
    out.bidType = t;
  }
  if ('bidCurrency' in patch) {
    const c = patch.bidCurrency?.trim().toUpperCase() || null;
    if (c !== null && !/^[A-Z]{3}$/.test(c)) throw new OutcomeError(`The currency must be a three-letter code such as USD, not ${JSON.stringify(patch.bidCurrency)}`);
    out.bidCurrency = c;
  }
  return out;
}

/** One dated change of a proposal's outcome. */
export interface OutcomeChange {
  outcome: Outcome;
  changedAt: string;
}

/** A stored outcome; anything unknown (it cannot be, by the CHECK) reads as a draft. */
export const asOutcome = (v: unknown): Outcome => (isOutcome(v) ? v : 'draft');

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The deal's columns of a proposals row. */
export const toDeal = (r: Record<string, unknown>): Deal => ({
  bidAmount: num(r.bid_amount),
  bidType: r.bid_type === 'hourly' || r.bid_type === 'fixed' ? r.bid_type : null,
  bidCurrency: r.bid_currency === null || r.bid_currency === undefined ? null : String(r.bid_currency),
  connectsSpent: num(r.connects_spent),
  contractValue: num(r.contract_value),
});
