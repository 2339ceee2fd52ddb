// The outcome of a proposal as a native select: the mouse, the keyboard (arrows, first letters)
// and screen readers all know it.
import { OUTCOME_LABELS, OUTCOMES, type Outcome } from '../../db/domain/outcomes.ts';

interface Props {
  value: Outcome;
  onChange: (outcome: Outcome) => void;
  id?: string;
  /** When there is no visible <label for>. */
  label?: string;
  disabled?: boolean;
  class?: string;
  /** -1 in the list (one Tab stop; its row's right arrow reaches it). */
  tabIndex?: number;
}

export function OutcomePicker({ value, onChange, id, label, disabled, class: cls, tabIndex }: Props) {
  return (
    <select id={id} aria-label={label} disabled={disabled} value={value} tabIndex={tabIndex} class={`outcome-picker outcome-${value} ${cls ?? ''}`}
      onChange={(e) => onChange(e.currentTarget.value as Outcome)}>
      {OUTCOMES.map((o) => <option key={o} value={o}>{OUTCOME_LABELS[o]}</option>)}
    </select>
  );
}

/** An outcome as a label in a list. */
export const OutcomeBadge = ({ outcome }: { outcome: Outcome }) => <span class={`status outcome-badge outcome-${outcome}`}>{OUTCOME_LABELS[outcome]}</span>;
