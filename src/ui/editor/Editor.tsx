// One proposal on screen: its fields, autosaved (use-autosave.ts), generated into
// (use-generation.ts), with its earlier versions (VersionsPanel.tsx).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProposalVersion, Settings } from '../../db/api.ts';
import { proposalTitle } from '../../db/domain/proposal.ts';
import { jobUrlProblem, normalizeJobUrl } from '../../db/domain/urls.ts';
import type { DatabaseClient } from '../database-client.ts';
import { formatDate } from '../format.ts';
import { estimateTokens, PROMPT_LIMITS } from '../../db/domain/limits.ts';
import { SHORTCUTS } from '../shortcuts.ts';
import { EMPTY_FIELDS, isBlank } from './autosave-state.ts';
import { failureNotice, NoticeLine, useNotice } from '../notice.tsx';
import { useAutosave } from './use-autosave.ts';
import { providerNeedsReload, setupMissing, useGeneration } from './use-generation.ts';
import { TextOrigin } from './TextOrigin.tsx';
import { VersionsPanel } from './VersionsPanel.tsx';
import { DealDetails, OutcomePickerField } from '../outcomes/ProposalOutcome.tsx';
import { TextCounts } from '../outcomes/TextCounts.tsx';
import { useConfirm } from '../ConfirmDialog.tsx';

interface Props {
  db: DatabaseClient;
  id: number | null;
  settings: Settings;
  onSaved: (id: number, open: boolean) => void;
  onDeleted: (id: number, title: string) => void;
  /** Changes when the list set this proposal's outcome (issue 17). */
  outcomeRevision?: number;
  onOpenSettings: () => void;
}

const SAVE_LABELS = { idle: '', pending: 'Editing…', saving: 'Saving…', saved: 'All changes saved', error: 'Not saved' } as const;

export function Editor({ db, id, settings, onSaved, onDeleted, onOpenSettings, outcomeRevision }: Props) {
  const { notice, setNotice, attempt } = useNotice();
  const [versions, setVersions] = useState<ProposalVersion[] | null>(null);
  const jobRef = useRef<HTMLTextAreaElement>(null);
  const proposalRef = useRef<HTMLTextAreaElement>(null);
  const autosave = useAutosave({ db, id, onSaved, onNotice: setNotice, onRemoteChange: () => setVersions(null) });
  const { dialog, ask } = useConfirm();
  // A sent proposal's text is what the client read: changing it (typing, regenerating, restoring)
  // asks once per opening; the text as sent stays kept, marked, whatever is decided.
  const sentChangeAllowed = useRef(false);
  const mayChangeSent = async (): Promise<boolean> => {
    const p = autosave.latest().proposal;
    if (!p || p.status !== 'sent' || sentChangeAllowed.current) return true;
    sentChangeAllowed.current = await ask({
      title: 'Change the proposal you sent?',
      body: <p>You marked it Sent{p.sentAt ? ` on ${formatDate(p.sentAt)}` : ''}. The text as sent stays kept under Versions, marked “Sent”; the proposal stays Sent.</p>,
      yes: 'Change it', no: 'Keep it as sent',
    });
    return sentChangeAllowed.current;
  };
  // Generate with nothing to generate with: what to set up, by the button, with the way there focused.
  const [setup, setSetup] = useState<string | null>(null);
  const setupButton = useRef<HTMLButtonElement>(null);
  const generation = useGeneration({
    db, settings, autosave, onNotice: setNotice,
    onNeedsSetup: (text) => {
      setSetup(text);
      // Centred, not just brought to the edge: the first autosave can add a line above it a moment later.
      requestAnimationFrame(() => {
        setupButton.current?.focus({ preventScroll: true });
        setupButton.current?.scrollIntoView({ block: 'center' });
      });
    },
    onPromptProblem: () => jobRef.current?.focus(),
    onVersionsChanged: () => setVersions(null),
    confirmReplaceSent: mayChangeSent,
  });
  const { fields, proposal, loading, status: saveState } = autosave.state;
  const status = proposal?.status ?? 'draft';
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
    if (current === null || !(await mayChangeSent())) return;
    await flush();
    // Kept with its origin as recorded ('edited' is only the guess for a text from before that was).
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

  const canGenerateAtAll = settings.provider !== 'none';
  const problem = jobUrlProblem(fields.jobUrl);
  const jobTooLong = canGenerateAtAll && fields.jobContent.length > PROMPT_LIMITS.jobChars;
  const link = normalizeJobUrl(fields.jobUrl); // shown whole (https:// added) once the field is left
  const versionCount = versions?.length ?? proposal?.versionCount ?? 0;
  const { canGenerate, generating } = generation;

  return (
    <section class="editor" aria-labelledby="editor-title">
      <header class="editor-head">
        <h1 id="editor-title">{proposal ? 'Proposal' : 'New proposal'}</h1>
        <span class="save-state" role="status" aria-live="polite">{SAVE_LABELS[saveState]}</span>
      </header>

      <label for="job">Job post</label>
      <textarea id="job" ref={jobRef} rows={5} dir="auto" value={fields.jobContent} readOnly={loading} placeholder="Paste the Upwork job post here"
        aria-describedby={jobTooLong ? 'job-size' : undefined}
        onInput={(e) => change({ jobContent: e.currentTarget.value })} />
      {jobTooLong && (
        <p id="job-size" class="notice warn">
          This job post is {fields.jobContent.length.toLocaleString('en')} characters long (about {estimateTokens(fields.jobContent.length).toLocaleString('en')} tokens).
          Generate sends only its first {PROMPT_LIMITS.jobChars.toLocaleString('en')} characters (about {estimateTokens(PROMPT_LIMITS.jobChars).toLocaleString('en')} tokens) to the AI provider: keep the part that describes the job at the top.
        </p>
      )}
      <div class="field-row">
        <div>
          <div class="label-row">
            <label for="job-url">Link to the job (optional)</label>
            {link && !problem && <a href={link} target="_blank" rel="noopener noreferrer">Open the job ↗<span class="visually-hidden"> (in a new tab)</span></a>}
          </div>
          <input id="job-url" type="url" inputMode="url" value={fields.jobUrl} readOnly={loading} placeholder="https://www.upwork.com/jobs/…"
            aria-invalid={problem ? 'true' : undefined} aria-describedby={problem ? 'job-url-problem' : undefined}
            onInput={(e) => change({ jobUrl: e.currentTarget.value })}
            onBlur={() => { if (!problem && link !== fields.jobUrl) change({ jobUrl: link }); }} />
          {problem && <p id="job-url-problem" class="error field-problem">{problem}</p>}
        </div>
        <div>
          <label for="client">Client (optional)</label>
          <input id="client" type="text" dir="auto" value={fields.clientName} readOnly={loading} placeholder="Client or company name"
            onInput={(e) => change({ clientName: e.currentTarget.value })} />
        </div>
      </div>

      <div class="proposal-head">
        <label for="proposal">Proposal</label>
        {/* Issue 17: the outcome (Draft … Hired), its history and the deal. */}
        <OutcomePickerField db={db} proposal={proposal} latest={() => autosave.latest().proposal} onProposal={autosave.setProposal} flush={flush}
          onSetting={(o) => { if (o !== 'draft') sentChangeAllowed.current = false; /* sent from now on: a change asks again */ }}
          onSaved={(id) => onSaved(id, true)} onError={(what, e) => setNotice(failureNotice(what, e))} outcomeRevision={outcomeRevision} />
      </div>
      <textarea id="proposal" ref={proposalRef} rows={8} dir="auto" value={fields.generatedText} readOnly={loading} aria-busy={generating || loading ? 'true' : undefined}
        placeholder={canGenerate ? 'Write your proposal, or generate one from the job post' : 'Write your proposal'}
        onBeforeInput={(e) => {
          if (status !== 'sent' || sentChangeAllowed.current) return;
          e.preventDefault(); // asked first; the keystroke is not taken behind the question
          void mayChangeSent().then((yes) => { if (yes) proposalRef.current?.focus(); });
        }}
        aria-describedby="proposal-counts" onInput={(e) => change({ generatedText: e.currentTarget.value })} />
      <TextCounts text={fields.generatedText} />
      {proposal && <TextOrigin proposal={proposal} generating={generating} />}

      <div class="actions toolbar" role="toolbar" aria-label="Proposal actions">
        {/* Generating leaves this button where it was, disabled: a second click of a double click
            lands on it, never on Cancel, which comes after it and needs its own deliberate act. */}
        <button type="button" class="primary" onClick={() => void generation.run()} aria-disabled={generating ? 'true' : undefined}
          title={canGenerate ? undefined : 'No AI provider: choose one in Settings'}>
          {generating ? 'Generating…' : fields.generatedText.trim() ? 'Regenerate' : 'Generate'} <kbd>{SHORTCUTS.generate.label}</kbd>
        </button>
        {generating && <button type="button" onClick={generation.cancel}>Cancel <kbd>{SHORTCUTS.cancel.label}</kbd></button>}
        <button type="button" onClick={() => void save()}>Save <kbd>{SHORTCUTS.save.label}</kbd></button>
        <button type="button" onClick={() => void copy()} disabled={!fields.generatedText}>Copy</button>
        <button type="button" onClick={() => void showVersions()} disabled={!proposal || versionCount === 0} aria-expanded={versions ? 'true' : 'false'}>
          Versions ({versionCount})
        </button>
        <button type="button" class="danger" onClick={() => void remove()} disabled={!proposal && isBlank(fields)}>Delete</button>
      </div>
      {setup && setupMissing(settings) && (
        <p class="notice warn" role="alert">{setup} <button type="button" ref={setupButton} onClick={onOpenSettings}>Open Settings</button></p>
      )}
      <NoticeLine notice={notice} />
      {/* Below the actions and notices: it appears once the proposal is saved, and must not push them away. */}
      <DealDetails db={db} proposal={proposal} latest={() => autosave.latest().proposal} onProposal={autosave.setProposal}
        onSaved={(id) => onSaved(id, true)} onError={(what, e) => setNotice(failureNotice(what, e))} />
      {/* Only when it matters: a provider that is set up (a missing key is said first, on Generate). */}
      {!setupMissing(settings) && providerNeedsReload(settings) && (
        <p class="notice warn">The AI provider changed: the app must reload to connect to it (nothing typed is lost). <button type="button" onClick={() => location.reload()}>Reload now</button></p>
      )}
      {!canGenerate && <p class="fine">No AI provider is set, so this is a plain editor. Choose one in Settings to generate proposals.</p>}
      {canGenerate && settings.provider === 'anthropic' && !settings.apiKey && (
        <p class="fine">To generate proposals, add your Anthropic API key in Settings (or choose another provider). Until then, write your own: it is saved as you type.</p>
      )}
      {versions && <VersionsPanel versions={versions} sentVersionId={proposal?.sentVersionId ?? null} onRestore={(v) => void restore(v)} />}
      {dialog}
      {proposal && <p class="fine">Created {formatDate(proposal.createdAt)}{proposal.updatedAt ? ` · updated ${formatDate(proposal.updatedAt)}` : ''}</p>}
    </section>
  );
}
