// What the proposal text on screen is, as the database records it: generated (by which model,
// when) or written by hand, sent or not, and a generation that was cut off.
import type { Proposal } from '../../db/api.ts';
import { formatDate } from '../format.ts';

export function originLabel(source: Proposal['textSource'], model: string | null): string {
  if (source === 'generated') return `Generated${model ? ` by ${model}` : ''}`;
  if (source === 'edited') return 'Written or edited by hand';
  return 'Origin not recorded';
}

export function TextOrigin({ proposal: p, generating }: { proposal: Proposal; generating: boolean }) {
  if (generating || !p.generatedText) return null;
  return (
    <>
      {p.generationUnfinished && (
        <p class="notice warn" role="status">This generation did not finish (the page was closed or the connection broke): the text may be cut off. Regenerate it, or edit it.</p>
      )}
      <p class="meta text-origin">
        {originLabel(p.textSource, p.textModel)}{p.textWrittenAt ? `, ${formatDate(p.textWrittenAt)}` : ''}
        {p.status === 'sent' && ` · Sent${p.sentAt ? ` ${formatDate(p.sentAt)}` : ''}: the text as sent is kept under Versions`}
      </p>
    </>
  );
}
