import type { ProposalVersion } from '../../db/api.ts';
import { formatDate } from '../format.ts';

/** The earlier texts of a proposal, newest first, each one restorable. */
export function VersionsPanel({ versions, onRestore }: { versions: ProposalVersion[]; onRestore: (v: ProposalVersion) => void }) {
  return (
    <section class="versions" aria-label="Earlier versions">
      <h2>Earlier versions</h2>
      <ol>
        {versions.map((v) => (
          <li key={v.id}>
            <p class="meta">{formatDate(v.createdAt)} · {v.source === 'generated' ? `generated${v.model ? ` by ${v.model}` : ''}` : 'written or edited'}{v.merged ? ' · merged with another device (this text as it was on one device before)' : ''}</p>
            <p class="version-text">{v.generatedText}</p>
            <button type="button" onClick={() => onRestore(v)}>Restore this version</button>
          </li>
        ))}
      </ol>
    </section>
  );
}
