// The editor's outcome: the picker, the dated changes, and the deal (bid, Connects, contract
// value). It follows changes made to this proposal anywhere, the list of this tab included.
import { useEffect, useState } from 'preact/hooks';
import type { Proposal } from '../../db/api.ts';
import { OUTCOME_LABELS, type Deal, type Outcome, type OutcomeChange } from '../../db/domain/outcomes.ts';
import type { DatabaseClient } from '../database-client.ts';
import { fromElsewhere, touches, useDataChanges } from '../data-changes.ts';
import { formatDate } from '../format.ts';
import { OutcomePicker } from './OutcomePicker.tsx';

interface Props {
  db: DatabaseClient;
  proposal: Proposal | null;
  /** The editor's proposal now (its text may have been saved since this render). */
  latest: () => Proposal | null;
  /** Shows a proposal as it now is (the outcome fields changed). */
  onProposal: (p: Proposal) => void;
  /** Writes what the editor has unsaved first, so the outcome goes onto the proposal as typed. */
  flush: () => Promise<void>;
  onSaved: (id: number) => void;
  /** A call failed: `what` did not happen. */
  onError: (what: string, error: unknown) => void;
  /** An outcome is about to be set here. */
  onSetting?: (outcome: Outcome) => void;
  /** Changes when this tab's list set the outcome of this proposal: read it again. */
  outcomeRevision?: number;
}

export function OutcomePickerField({ db, proposal, latest, onProposal, flush, onSaved, onError, onSetting, outcomeRevision = 0 }: Props) {
  const id = proposal?.id ?? null;
  const withOutcome = outcomeOnto(latest);
  // Set from this tab's list, or changed in another tab (while typing here, when the editor does
  // not take the other tab's version yet): the outcome and the deal follow. Not after this
  // editor's own saves: they do not change them.
  const readAgain = () => {
    if (id === null || !proposal) return;
    void db.getProposal(id).then((p) => { if (p) onProposal(withOutcome(proposal, p)); }, (e) => onError('The outcome could not be read again', e));
  };
  useDataChanges((change) => { if (id !== null && touches(change, id) && fromElsewhere(change)) readAgain(); });
  useEffect(() => { if (outcomeRevision) readAgain(); }, [outcomeRevision]);
  const set = async (outcome: Outcome) => {
    if (!proposal) return;
    onSetting?.(outcome);
    onProposal({ ...(latest() ?? proposal), outcome }); // shown at once
    await flush();
    try {
      onProposal(withOutcome(proposal, await db.setOutcome(proposal.id, outcome)));
      onSaved(proposal.id);
    } catch (e) {
      onProposal(withOutcome(proposal, proposal));
      onError('The outcome was not saved', e);
    }
  };
  return (
    <div class="outcome-field">
      <label for="outcome">Outcome</label>
      <OutcomePicker id="outcome" value={proposal?.outcome ?? 'draft'} disabled={!proposal} onChange={(o) => void set(o)} />
    </div>
  );
}

/** Bid, Connects, contract value and the outcome's dated changes, folded away until wanted. */
/** The editor's latest proposal with the outcome fields of `p` (only those: the text is the editor's business). */
const outcomeOnto = (latest: () => Proposal | null) => (fallback: Proposal, p: Proposal): Proposal =>
  ({ ...(latest() ?? fallback), outcome: p.outcome, outcomeChangedAt: p.outcomeChangedAt, status: p.status, deal: p.deal });

export function DealDetails({ db, proposal, latest, onProposal, onSaved, onError }: Omit<Props, 'flush'>) {
  const withOutcome = outcomeOnto(latest);
  const [history, setHistory] = useState<OutcomeChange[] | null>(null);
  const [open, setOpen] = useState(false);
  const id = proposal?.id ?? null;
  const stamp = proposal?.outcomeChangedAt;
  useEffect(() => {
    if (!open || id === null) return;
    let live = true;
    void db.outcomeHistory(id).then((h) => live && setHistory(h), (e) => live && onError('The outcome history could not be read', e));
    return () => { live = false; };
  }, [open, id, stamp]);
  if (!proposal) return null;
  const deal = proposal.deal;
  const save = async (patch: Partial<Deal>) => {
    try {
      onProposal(withOutcome(proposal, await db.updateDeal(proposal.id, patch)));
      onSaved(proposal.id);
    } catch (e) {
      onError('Not saved', e);
    }
  };
  const number = (text: string) => (text.trim() === '' ? null : Number(text));
  const summary = [
    deal.bidAmount !== null ? `${deal.bidAmount} ${deal.bidCurrency ?? ''}${deal.bidType === 'hourly' ? '/h' : ''}`.trim() : null,
    deal.connectsSpent !== null ? `${deal.connectsSpent} Connects` : null,
  ].filter(Boolean).join(' · ');
  return (
    <details class="deal" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Bid, Connects and outcome history{summary ? ` (${summary})` : ''}</summary>
      <div class="deal-fields">
        <div>
          <label for="bid-amount">Bid</label>
          <input id="bid-amount" type="number" min="0" step="any" inputMode="decimal" value={deal.bidAmount ?? ''}
            onChange={(e) => void save({ bidAmount: number(e.currentTarget.value) })} />
        </div>
        <div>
          <label for="bid-type">Bid type</label>
          <select id="bid-type" value={deal.bidType ?? ''} onChange={(e) => void save({ bidType: (e.currentTarget.value || null) as Deal['bidType'] })}>
            <option value="">—</option>
            <option value="hourly">Hourly</option>
            <option value="fixed">Fixed price</option>
          </select>
        </div>
        <div>
          <label for="bid-currency">Currency</label>
          <input id="bid-currency" type="text" maxLength={3} size={4} placeholder="USD" value={deal.bidCurrency ?? ''}
            onChange={(e) => void save({ bidCurrency: e.currentTarget.value || null })} />
        </div>
        <div>
          <label for="connects">Connects spent</label>
          <input id="connects" type="number" min="0" step="1" inputMode="numeric" value={deal.connectsSpent ?? ''}
            onChange={(e) => void save({ connectsSpent: number(e.currentTarget.value) })} />
        </div>
        {proposal.outcome === 'hired' && (
          <div>
            <label for="contract-value">Contract value</label>
            <input id="contract-value" type="number" min="0" step="any" inputMode="decimal" value={deal.contractValue ?? ''}
              onChange={(e) => void save({ contractValue: number(e.currentTarget.value) })} />
          </div>
        )}
      </div>
      {history && (history.length === 0
        ? <p class="fine">Not sent yet: no outcome changes.</p>
        : (
          <ol class="outcome-history" aria-label="Outcome changes, oldest first">
            {history.map((c, i) => <li key={i}><strong>{OUTCOME_LABELS[c.outcome]}</strong> <time dateTime={c.changedAt}>{formatDate(c.changedAt)}</time></li>)}
          </ol>
        ))}
    </details>
  );
}
