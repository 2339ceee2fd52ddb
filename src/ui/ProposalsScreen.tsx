import { useRef, useState } from 'preact/hooks';
import type { DatabaseClient } from './database-client.ts';
import { formatDate } from './format.ts';
import { useAsync } from './use-async.ts';

const firstLine = (text: string) => text.split('\n').find((l) => l.trim())?.trim() ?? '';

export function ProposalsScreen({ db }: { db: DatabaseClient }) {
  const [list, reload] = useAsync(() => db.listProposals());
  const [job, setJob] = useState('');
  const [proposal, setProposal] = useState('');
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const jobRef = useRef<HTMLTextAreaElement>(null);

  const save = async (e?: Event) => {
    e?.preventDefault();
    if (saving) return;
    if (!job.trim()) {
      setMessage({ text: 'Paste the job post first.', error: true });
      jobRef.current?.focus();
      return;
    }
    setSaving(true);
    try {
      await db.createProposal({ jobContent: job, generatedText: proposal });
      setJob('');
      setProposal('');
      setMessage({ text: 'Proposal saved.' });
      reload();
      jobRef.current?.focus();
    } catch (err) {
      setMessage({ text: `Not saved: ${(err as Error).message}`, error: true });
    } finally {
      setSaving(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') void save(e);
  };

  return (
    <div class="proposals">
      <form class="editor" onSubmit={save} onKeyDown={onKeyDown} aria-labelledby="new-title">
        <h1 id="new-title">New proposal</h1>
        <label for="job">Job post</label>
        <textarea id="job" ref={jobRef} rows={8} value={job} onInput={(e) => setJob(e.currentTarget.value)}
          placeholder="Paste the Upwork job post here" />
        <label for="proposal">Proposal</label>
        <textarea id="proposal" rows={10} value={proposal} onInput={(e) => setProposal(e.currentTarget.value)}
          placeholder="Write your proposal" />
        <div class="actions">
          <button type="submit" class="primary" disabled={saving}>{saving ? 'Saving…' : 'Save proposal'}</button>
          <kbd aria-hidden="true">Ctrl+Enter</kbd>
          {message && <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'ok'}>{message.text}</p>}
        </div>
      </form>
      <section class="history" aria-labelledby="saved-title">
        <h2 id="saved-title">Saved proposals</h2>
        {list.status === 'loading' && <p role="status">Loading…</p>}
        {list.status === 'error' && <p role="alert">Proposals could not be loaded: {list.error.message}</p>}
        {list.status === 'done' && (list.value.length === 0
          ? <p class="empty">No proposals yet. Paste a job post, write your proposal and save it: it stays in this browser, even offline.</p>
          : (
            <ol aria-label="Saved proposals, newest first">
              {list.value.map((p) => (
                <li key={p.id}>
                  <article>
                    <h3>{firstLine(p.jobContent)}</h3>
                    <p class="meta"><time dateTime={p.createdAt}>{formatDate(p.createdAt)}</time></p>
                    <p class="excerpt">{p.generatedText ? firstLine(p.generatedText) : <em>No proposal text yet</em>}</p>
                  </article>
                </li>
              ))}
            </ol>
          ))}
      </section>
    </div>
  );
}
