// One proposal on screen: its fields, autosaved (use-autosave.ts), generated into
// (use-generation.ts), with its earlier versions (VersionsPanel.tsx).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProposalVersion, Settings } from '../../db/api.ts';
import { proposalTitle, STATUS_LABEL } from '../../db/domain/proposal.ts';
import { jobUrlProblem } from '../../db/domain/urls.ts';
import type { DatabaseClient } from '../database-client.ts';
import { formatDate } from '../format.ts';
import { SHORTCUTS } from '../shortcuts.ts';
import { EMPTY_FIELDS, isBlank } from './autosave-state.ts';
import { failureNotice, NoticeLine, useNotice } from '../notice.tsx';
import { useAutosave } from './use-autosave.ts';
import { useGeneration } from './use-generation.ts';
import { VersionsPanel } from './VersionsPanel.tsx';

interface Props {
  db: DatabaseClient;
  id: number | null;
  settings: Settings;
  onSaved: (id: number, open: boolean) => void;
  onDeleted: (id: number, title: string) => void;
}

const SAVE_LABELS = { idle: '', pending: 'Editing…', saving: 'Saving…', saved: 'All changes saved', error: 'Not saved' } as const;

export function Editor({ db, id, settings, onSaved, onDeleted }: Props) {
  const { notice, setNotice, attempt } = useNotice();
  const [versions, setVersions] = useState<ProposalVersion[] | null>(null);
  const jobRef = useRef<HTMLTextAreaElement>(null);
  const autosave = useAutosave({ db, id, onSaved, onNotice: setNotice, onRemoteChange: () => setVersions(null) });
  const generation = useGeneration({
    db, settings, autosave, onNotice: setNotice,
    onPromptProblem: () => jobRef.current?.focus(),
    onVersionsChanged: () => setVersions(null),
  });
  const { fields, proposal, loading, status: saveState } = autosave.state;
  const { change, flush } = autosave;

  const save = async () => {
    await flush();
    if (autosave.latest().id !== null) setNotice({ text: 'Saved.', tone: 'info' });
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(fields.generatedText);
      setNotice({ text: 'Proposal copied to the clipboard.', tone: 'info' });
    } catch {
      setNotice({ text: 'The browser did not allow copying: select the text and press Ctrl+C.', tone: 'error' });
    }
  };

  const setStatus = async (status: 'draft' | 'sent') => {
    const current = autosave.latest();
    if (current.id === null || !current.proposal) return;
    const before = current.proposal;
    autosave.setProposal({ ...before, status }); // shown at once; written next
    await flush();
    try {
      autosave.setProposal(await db.updateProposal(current.id, { status }));
      onSaved(current.id, true);
    } catch (e) {
      autosave.setProposal(before);
      setNotice(failureNotice('The status was not saved', e));
    }
  };

  const remove = async () => {
    await flush();
    const current = autosave.latest();
    if (current.id === null) return change(EMPTY_FIELDS);
    const deleted = await attempt('The proposal was not deleted', async () => { await db.deleteProposal(current.id!); return true; });
    if (deleted) onDeleted(current.id, proposalTitle(current.fields.jobContent));
  };

  const showVersions = async () => {
    const current = autosave.latest().id;
    if (versions) return setVersions(null);
    if (current === null) return;
    const listed = await attempt('The earlier versions could not be read', () => db.listVersions(current));
    if (listed) setVersions(listed);
  };

  const restore = async (v: ProposalVersion) => {
    const current = autosave.latest().id;
    if (current === null) return;
    await flush();
    const kept = await attempt('The version was not restored (nothing was changed)', async () => { await db.keepVersion(current, 'edited'); return true; });
    if (!kept) return;
    change({ generatedText: v.generatedText });
    await flush();
    setNotice({ text: `Restored the version from ${formatDate(v.createdAt)}; the text it replaced is kept as a version.`, tone: 'info' });
    const listed = await attempt('The earlier versions could not be read', () => db.listVersions(current));
    if (listed) setVersions(listed);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (SHORTCUTS.generate.test(e)) { e.preventDefault(); void generation.run(); }
      else if (SHORTCUTS.save.test(e)) { e.preventDefault(); void save(); }
      else if (SHORTCUTS.cancel.test(e) && generation.generating) { e.preventDefault(); generation.cancel(); }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  const problem = jobUrlProblem(fields.jobUrl);
  const versionCount = versions?.length ?? proposal?.versionCount ?? 0;
  const status = proposal?.status ?? 'draft';
  const { canGenerate, generating } = generation;

  return (
    <section class="editor" aria-labelledby="editor-title">
      <header class="editor-head">
        <h1 id="editor-title">{proposal ? 'Proposal' : 'New proposal'}</h1>
        <span class="save-state" role="status" aria-live="polite">{SAVE_LABELS[saveState]}</span>
      </header>

      <label for="job">Job post</label>
      <textarea id="job" ref={jobRef} rows={5} value={fields.jobContent} readOnly={loading} placeholder="Paste the Upwork job post here"
        onInput={(e) => change({ jobContent: e.currentTarget.value })} />
      <div class="field-row">
        <div>
          <label for="job-url">Link to the job (optional)</label>
          <input id="job-url" type="url" inputMode="url" value={fields.jobUrl} readOnly={loading} placeholder="https://www.upwork.com/jobs/…"
            aria-invalid={problem ? 'true' : undefined} aria-describedby={problem ? 'job-url-problem' : undefined}
            onInput={(e) => change({ jobUrl: e.currentTarget.value })} />
          {problem && <p id="job-url-problem" class="error field-problem">{problem}</p>}
        </div>
        <div>
          <label for="client">Client (optional)</label>
          <input id="client" type="text" value={fields.clientName} readOnly={loading} placeholder="Client or company name"
            onInput={(e) => change({ clientName: e.currentTarget.value })} />
        </div>
      </div>

      <div class="proposal-head">
        <label for="proposal">Proposal</label>
        <fieldset class="status-toggle" disabled={!proposal}>
          <legend class="visually-hidden">Status</legend>
          {(['draft', 'sent'] as const).map((s) => (
            <label key={s} class={status === s ? 'on' : ''}>
              <input type="radio" name="status" value={s} checked={status === s} onChange={() => void setStatus(s)} />
              {STATUS_LABEL[s]}
            </label>
          ))}
        </fieldset>
      </div>
      <textarea id="proposal" rows={8} value={fields.generatedText} readOnly={loading} aria-busy={generating || loading ? 'true' : undefined}
        placeholder={canGenerate ? 'Write your proposal, or generate one from the job post' : 'Write your proposal'}
        onInput={(e) => change({ generatedText: e.currentTarget.value })} />

      <div class="actions toolbar" role="toolbar" aria-label="Proposal actions">
        {generating
          ? <button type="button" class="primary" onClick={generation.cancel}>Cancel <kbd>{SHORTCUTS.cancel.label}</kbd></button>
          : (
            <button type="button" class="primary" onClick={() => void generation.run()} disabled={!canGenerate}
              title={canGenerate ? undefined : 'No AI provider: choose one in Settings'}>
              {fields.generatedText.trim() ? 'Regenerate' : 'Generate'} <kbd>{SHORTCUTS.generate.label}</kbd>
            </button>
          )}
        <button type="button" onClick={() => void save()}>Save <kbd>{SHORTCUTS.save.label}</kbd></button>
        <button type="button" onClick={() => void copy()} disabled={!fields.generatedText}>Copy</button>
        <button type="button" onClick={() => void showVersions()} disabled={!proposal || versionCount === 0} aria-expanded={versions ? 'true' : 'false'}>
          Versions ({versionCount})
        </button>
        <button type="button" class="danger" onClick={() => void remove()} disabled={!proposal && isBlank(fields)}>Delete</button>
      </div>
      {!canGenerate && <p class="fine">No AI provider is set, so this is a plain editor. Choose one in Settings to generate proposals.</p>}
      {canGenerate && settings.provider === 'anthropic' && !settings.apiKey && (
        <p class="fine">To generate proposals, add your Anthropic API key in Settings (or choose another provider). Until then, write your own: it is saved as you type.</p>
      )}
      <NoticeLine notice={notice} />
      {versions && <VersionsPanel versions={versions} onRestore={(v) => void restore(v)} />}
      {proposal && <p class="fine">Created {formatDate(proposal.createdAt)}{proposal.updatedAt ? ` · updated ${formatDate(proposal.updatedAt)}` : ''}</p>}
    </section>
  );
}
