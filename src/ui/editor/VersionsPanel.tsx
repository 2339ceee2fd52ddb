import type { ProposalVersion } from '../../db/api.ts';
import { formatDate } from '../format.ts';
import { originLabel } from './TextOrigin.tsx';

/** The earlier texts of a proposal, newest first, each one restorable; the one that was sent is marked. */
export function VersionsPanel({ versions, sentVersionId, onRestore }: { versions: ProposalVersion[]; sentVersionId: number | null; onRestore: (v: ProposalVersion) => void }) {
  return (
    <section class="versions" aria-label="Earlier versions">
      <h2>Earlier versions</h2>
      <ol>
        {versions.map((v) => (
          <li key={v.id}>
            <p class="meta">
              {v.id === sentVersionId && <strong class="status status-sent">Sent · </strong>}
              {originLabel(v.source, v.model)}
              {v.writtenAt ? `, ${formatDate(v.writtenAt)}` : ''} · kept {formatDate(v.createdAt)}
              {v.merged ? ' · merged with another device (this text as it was on one device before)' : ''}
            </p>
            <p class="version-text" dir="auto">{v.generatedText}</p>
            <button type="button" onClick={() => onRestore(v)}>Restore this version</button>
          </li>
        ))}
      </ol>
    </section>
  );
}
