import { useEffect, useRef, useState } from 'preact/hooks';
import type { Proposal, ProposalVersion, Settings } from '../db/api.ts';
import { generate, PartialGenerationError } from '../generate/generate.ts';
import { GenerationError } from '../generate/errors.ts';
import { buildPrompt } from '../generate/prompt.ts';
import { providerOrigin, readBootSettings } from './boot-settings.ts';
import type { DatabaseClient } from './database-client.ts';
import { formatDate } from './format.ts';
import { clearLocalDraft, readLocalDraft, writeLocalDraft, type EditorFields } from './local-draft.ts';
import { proposalTitle } from '../db/proposals-repo.ts';
import { SHORTCUTS } from './shortcuts.ts';

const SAVE_DELAY_MS = 600;
// The CSP's connect-src was fixed at boot from the provider saved then.
const BOOT_ORIGIN = readBootSettings().providerOrigin;

type Fields = EditorFields;

const EMPTY: Fields = { jobContent: '', jobUrl: '', clientName: '', generatedText: '' };
const fromProposal = (p: Proposal): Fields => ({ jobContent: p.jobContent, jobUrl: p.jobUrl ?? '', clientName: p.clientName ?? '', generatedText: p.generatedText });
const isBlank = (f: Fields) => !f.jobContent.trim() && !f.generatedText.trim() && !f.clientName.trim() && !f.jobUrl.trim();
const urlProblem = (url: string) => {
  if (!url.trim()) return null;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? null : 'The link should start with https://';
  } catch {
    return 'This is not a web link: it should start with https://';
  }
};

type Notice = { text: string; tone: 'info' | 'error' };

interface Props {
  db: DatabaseClient;
  id: number | null;
  settings: Settings;
  /** `open`: this editor is still the one on screen (a closed one's last save must not steal the selection). */
  onSaved: (id: number, open: boolean) => void;
  onDeleted: (id: number, title: string) => void;
}

/** The editor's content for `id`: the local draft when it holds unsaved changes, else `loaded`. */
function withRecoveredDraft(id: number | null, loaded: Fields): { use: Fields; recovered: boolean } {
  const draft = readLocalDraft();
  if (!draft || draft.id !== id) return { use: loaded, recovered: false };
  const { savedAt: _t, id: _i, ...fields } = draft;
  const differs = JSON.stringify(fields) !== JSON.stringify(loaded) && !isBlank(fields);
  return differs ? { use: fields, recovered: true } : { use: loaded, recovered: false };
}

export function Editor({ db, id, settings, onSaved, onDeleted }: Props) {
  // Editors are mounted per proposal (keyed): a new one starts here, synchronously, so nothing
  // typed before an effect runs can be overwritten.
  const [initial] = useState(() => (id === null ? withRecoveredDraft(null, EMPTY) : { use: EMPTY, recovered: false }));
  const [fields, setFields] = useState<Fields>(initial.use);
  const [loading, setLoading] = useState(id !== null);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [saveState, setSaveState] = useState<'idle' | 'pending' | 'saving' | 'saved' | 'error'>('idle');
  const [notice, setNotice] = useState<Notice | null>(initial.recovered ? { text: 'Recovered the proposal you were writing.', tone: 'info' } : null);
  const [generating, setGenerating] = useState<AbortController | null>(null);
  const [versions, setVersions] = useState<ProposalVersion[] | null>(null);
  const current = useRef({ id: null as number | null, fields, timer: 0 as ReturnType<typeof setTimeout> | 0, chain: Promise.resolve() as Promise<unknown>, lastGenerated: '', listKey: '', closed: false, dirty: initial.recovered });
  current.current.fields = fields;
  const jobRef = useRef<HTMLTextAreaElement>(null);

  /** Writes the editor to the database now (serialised: saves never overtake each other). */
  const flush = (): Promise<unknown> => {
    const c = current.current;
    if (c.timer) clearTimeout(c.timer);
    c.timer = 0;
    c.chain = c.chain.then(async () => {
      const f = c.fields;
      // Only what changed since the last save is written (a save of nothing would also put back
      // a status the user has just changed).
      if (!c.dirty || (c.id === null && isBlank(f))) return;
      c.dirty = false;
      const savedAt = readLocalDraft()?.savedAt ?? 0;
      const patch = {
        jobContent: f.jobContent, generatedText: f.generatedText, clientName: f.clientName,
        // A link being typed is kept in the editor until it is a valid one.
        ...(urlProblem(f.jobUrl) ? {} : { jobUrl: f.jobUrl }),
      };
      setSaveState('saving');
      try {
        const saved = c.id === null ? await db.createProposal(patch) : await db.updateProposal(c.id, patch);
        c.id = saved.id;
        setProposal(saved);
        setSaveState('saved');
        clearLocalDraft(savedAt);
        // The list shows the title, client and status: tell it only when one of those changed.
        const listKey = `${saved.id}|${proposalTitle(f.jobContent)}|${saved.clientName}|${saved.status}`;
        if (listKey !== c.listKey) { c.listKey = listKey; onSaved(saved.id, !c.closed); }
      } catch (e) {
        c.dirty = true;
        setSaveState('error');
        setNotice({ text: `Not saved: ${(e as Error).message}. Your text is kept here and in this browser; it will be saved again on the next change.`, tone: 'error' });
      }
    });
    return c.chain;
  };

  const change = (patch: Partial<Fields>) => {
    const c = current.current;
    const next = { ...c.fields, ...patch };
    c.fields = next;
    c.dirty = true;
    setFields(next);
    writeLocalDraft({ id: c.id, ...next, savedAt: Date.now() });
    setSaveState('pending');
    if (c.timer) clearTimeout(c.timer);
    c.timer = setTimeout(() => void flush(), SAVE_DELAY_MS);
  };

  // Opening a proposal: load it, or recover what was typed into it and not yet saved.
  useEffect(() => {
    const c = current.current;
    // A new proposal starts from the state set up at mount; one the editor just created is on screen.
    if (id === null || id === c.id) return;
    let live = true;
    setLoading(true);
    void db.getProposal(id).then((p) => {
      if (!live) return;
      c.id = p?.id ?? null;
      const loaded = p ? fromProposal(p) : EMPTY;
      const { use, recovered } = withRecoveredDraft(c.id, loaded);
      c.fields = use;
      setFields(use);
      setProposal(p);
      setLoading(false);
      if (!p) setNotice({ text: 'That proposal no longer exists: this is a new one.', tone: 'info' });
      if (recovered) {
        setNotice({ text: 'Recovered the changes you had not saved yet.', tone: 'info' });
        c.dirty = true;
        void flush();
      }
    });
    return () => { live = false; };
  }, [id]);

  const canGenerate = settings.provider !== 'none';

  async function runGenerate() {
    if (generating) return;
    if (!canGenerate) {
      setNotice({ text: 'No AI provider is set: this is a plain editor. Choose a provider in Settings to generate proposals.', tone: 'info' });
      return;
    }
    if (providerOrigin(settings) !== BOOT_ORIGIN) {
      setNotice({ text: 'The AI provider changed: reload the app so it may connect to the new one.', tone: 'error' });
      return;
    }
    let prompt;
    try {
      prompt = buildPrompt(settings.promptTemplate, {
        job: fields.jobContent, name: settings.profileName, skills: settings.profileSkills,
        experience: settings.profileExperience, tone: settings.profileTone,
      });
    } catch (e) {
      setNotice({ text: (e as Error).message, tone: 'error' });
      jobRef.current?.focus();
      return;
    }
    await flush();
    const c = current.current;
    if (c.id !== null && c.fields.generatedText.trim()) {
      // Regenerating never overwrites silently: the text so far becomes an earlier version.
      await db.keepVersion(c.id, c.fields.generatedText === c.lastGenerated ? 'generated' : 'edited', settings.model);
      setVersions(null);
    }
    const controller = new AbortController();
    setGenerating(controller);
    setNotice({ text: `Generating with ${settings.model}…`, tone: 'info' });
    change({ generatedText: '' });
    try {
      const text = await generate({
        config: { provider: settings.provider as 'anthropic' | 'openai', baseUrl: settings.baseUrl, model: settings.model, apiKey: settings.apiKey },
        prompt,
        signal: controller.signal,
        onText: (chunk) => change({ generatedText: current.current.fields.generatedText + chunk }),
      });
      c.lastGenerated = text;
      setNotice({ text: `Generated with ${settings.model}. Edit it as you like: it is saved as you type.`, tone: 'info' });
    } catch (e) {
      const err = e instanceof PartialGenerationError || e instanceof GenerationError ? e : new GenerationError('server', (e as Error).message);
      const partial = e instanceof PartialGenerationError && e.partial ? ' The partial text is kept as a draft.' : '';
      setNotice({ text: err.message + (err.kind === 'cancelled' || err.message.includes('kept') ? '' : partial), tone: err.kind === 'cancelled' ? 'info' : 'error' });
    } finally {
      setGenerating(null);
      await flush();
      if (current.current.id !== null) setProposal(await db.getProposal(current.current.id));
    }
  }

  const save = async () => {
    await flush();
    if (current.current.id !== null) setNotice({ text: 'Saved.', tone: 'info' });
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
    const c = current.current;
    if (c.id === null || !proposal) return;
    setProposal({ ...proposal, status }); // shown at once; written next
    await flush();
    try {
      setProposal(await db.updateProposal(c.id, { status }));
      onSaved(c.id, true);
    } catch (e) {
      setProposal(proposal);
      setNotice({ text: `The status was not saved: ${(e as Error).message}`, tone: 'error' });
    }
  };

  const remove = async () => {
    await flush();
    const c = current.current;
    if (c.id === null) {
      change(EMPTY);
      return;
    }
    const title = proposalTitle(c.fields.jobContent);
    await db.deleteProposal(c.id);
    onDeleted(c.id, title);
  };

  const showVersions = async () => {
    if (versions) return setVersions(null);
    if (current.current.id !== null) setVersions(await db.listVersions(current.current.id));
  };

  const restore = async (v: ProposalVersion) => {
    const c = current.current;
    if (c.id === null) return;
    await flush();
    await db.keepVersion(c.id, 'edited');
    change({ generatedText: v.generatedText });
    await flush();
    setVersions(await db.listVersions(c.id));
    setNotice({ text: `Restored the version from ${formatDate(v.createdAt)}; the text it replaced is kept as a version.`, tone: 'info' });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (SHORTCUTS.generate.test(e)) { e.preventDefault(); void runGenerate(); }
      else if (SHORTCUTS.save.test(e)) { e.preventDefault(); void save(); }
      else if (SHORTCUTS.cancel.test(e) && generating) { e.preventDefault(); generating.abort(); }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  // Leaving the page: the local draft holds anything the debounce has not written yet.
  useEffect(() => {
    if (initial.recovered) void flush();
    const onHide = () => { if (current.current.timer) void flush(); };
    addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
      // Another proposal is being opened: write what this one still holds, without taking the
      // selection back from the editor that replaces this one.
      current.current.closed = true;
      onHide();
    };
  }, []);

  const problem = urlProblem(fields.jobUrl);
  const versionCount = versions?.length ?? proposal?.versionCount ?? 0;
  const status = proposal?.status ?? 'draft';

  return (
    <section class="editor" aria-labelledby="editor-title">
      <header class="editor-head">
        <h1 id="editor-title">{proposal ? 'Proposal' : 'New proposal'}</h1>
        <span class="save-state" role="status" aria-live="polite">
          {saveState === 'saving' ? 'Saving…' : saveState === 'pending' ? 'Editing…' : saveState === 'saved' ? 'All changes saved' : saveState === 'error' ? 'Not saved' : ''}
        </span>
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
              {s === 'draft' ? 'Draft' : 'Sent'}
            </label>
          ))}
        </fieldset>
      </div>
      <textarea id="proposal" rows={8} value={fields.generatedText} readOnly={loading} aria-busy={generating || loading ? 'true' : undefined}
        placeholder={canGenerate ? 'Write your proposal, or generate one from the job post' : 'Write your proposal'}
        onInput={(e) => change({ generatedText: e.currentTarget.value })} />

      <div class="actions toolbar" role="toolbar" aria-label="Proposal actions">
        {generating
          ? <button type="button" class="primary" onClick={() => generating.abort()}>Cancel <kbd>{SHORTCUTS.cancel.label}</kbd></button>
          : (
            <button type="button" class="primary" onClick={() => void runGenerate()} disabled={!canGenerate}
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
      {notice && <p role={notice.tone === 'error' ? 'alert' : 'status'} class={`notice ${notice.tone}`}>{notice.text}</p>}

      {versions && (
        <section class="versions" aria-label="Earlier versions">
          <h2>Earlier versions</h2>
          <ol>
            {versions.map((v) => (
              <li key={v.id}>
                <p class="meta">{formatDate(v.createdAt)} · {v.source === 'generated' ? `generated${v.model ? ` by ${v.model}` : ''}` : 'written or edited'}</p>
                <p class="version-text">{v.generatedText}</p>
                <button type="button" onClick={() => void restore(v)}>Restore this version</button>
              </li>
            ))}
          </ol>
        </section>
      )}
      {proposal && <p class="fine">Created {formatDate(proposal.createdAt)}{proposal.updatedAt ? ` · updated ${formatDate(proposal.updatedAt)}` : ''}</p>}
    </section>
  );
}
