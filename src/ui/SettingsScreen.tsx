import { useEffect, useRef, useState } from 'preact/hooks';
import type { Provider, ReadSettings, Settings, Theme } from '../db/api.ts';
import type { UnreadableKey } from '../db/domain/settings.ts';
import { DEFAULT_PROMPT_TEMPLATE, PROVIDER_DEFAULTS } from '../db/domain/settings.ts';
import { PLACEHOLDERS } from '../generate/prompt.ts';
import { applyBootSettings } from './boot-settings.ts';
import type { DatabaseClient } from './database-client.ts';
import { failureNotice, NoticeLine, useNotice } from './notice.tsx';

const UNREADABLE_KEY: Record<UnreadableKey, string> = {
  'sealed-elsewhere': "Your saved API key was locked with another browser's key (or this browser's saved keys were cleared), so it cannot be used here: enter it again.",
  'key-store-unavailable': "Your saved API key cannot be opened: this browser's key store (IndexedDB) cannot be read right now (private browsing, or storage blocked for this site). Allow site storage and reload, or enter the key again.",
};

const PROVIDERS: { value: Provider; label: string }[] = [
  { value: 'anthropic', label: 'Anthropic (Claude)' },
  { value: 'openai', label: 'OpenAI-compatible (OpenAI, OpenRouter, Ollama, LM Studio)' },
  { value: 'none', label: 'No provider: plain editor' },
];

/** Settings typed here that could not be saved when the screen was left: shown again on return, never dropped. */
let leftUnsaved: { draft: Settings; problem: string } | null = null;

/** `mine` with every field it had as `was` taken from `now` (the fields changed here stay). */
const followSaved = (mine: Settings, was: Settings, now: Settings): Settings =>
  Object.fromEntries(Object.entries(mine).map(([k, v]) => [k, v === was[k as keyof Settings] ? now[k as keyof Settings] : v])) as unknown as Settings;

const sameSettings = (a: Settings, b: Settings) => (Object.keys(a) as (keyof Settings)[]).every((k) => a[k] === b[k]);
export const SETTINGS_SAVE_DELAY_MS = 500;

/**
 * Every setting is saved as it changes (half a second after the last keystroke, and when the
 * screen is left), like proposals: nothing waits for a button, nothing is dropped on leaving. A
 * setting that cannot be saved says why, and stays here (and in this tab, if the screen is left)
 * until it is fixed.
 */
export function SettingsScreen({ db, settings, onChange, onLeftUnsaved }: {
  db: DatabaseClient; settings: ReadSettings; onChange: (s: ReadSettings) => void; onLeftUnsaved: (text: string) => void;
}) {
  const [draft, setDraft] = useState<Settings>(() => leftUnsaved?.draft ?? settings);
  // Settings saved meanwhile (in another tab) show here, in every field not being edited here.
  const base = useRef(settings);
  useEffect(() => {
    if (settings === base.current) return;
    const was = base.current;
    base.current = settings;
    setDraft((d) => followSaved(d, was, settings));
    // What came from elsewhere is saved already: not a change of this tab's to write back.
    sent.current = followSaved(sent.current, was, settings);
  }, [settings]);
  const [showKey, setShowKey] = useState(false);
  const { notice, setNotice } = useNotice();
  useEffect(() => { if (leftUnsaved) setNotice({ text: `Not saved: ${leftUnsaved.problem}`, tone: 'error' }); }, []);
  const [reloadOffered, setReloadOffered] = useState(false);
  const set = (patch: Partial<Settings>) => setDraft((d) => ({ ...d, ...patch }));
  // What was last sent to be saved: typing compares with it (a saved value may come back trimmed).
  const sent = useRef<Settings>(leftUnsaved ? settings : draft);
  const latest = useRef(draft);
  latest.current = draft;

  const saveNow = async (leaving = false) => {
    const d = latest.current;
    const before = sent.current;
    if (sameSettings(d, before)) return;
    sent.current = d;
    // Only what was changed here: another tab's change to the other fields is not written over.
    const patch = Object.fromEntries((Object.keys(d) as (keyof Settings)[]).filter((k) => d[k] !== before[k]).map((k) => [k, d[k]])) as Partial<Settings>;
    if (!leaving) setNotice({ text: 'Saving…', tone: 'info' });
    try {
      const saved = await db.saveSettings(patch);
      leftUnsaved = null;
      onChange(saved);
      const reload = applyBootSettings(saved);
      if (leaving) return;
      setNotice({ text: reload ? 'Settings saved. Reload the app to connect to the new AI provider.' : 'Settings saved.', tone: 'ok' });
      setReloadOffered(reload);
    } catch (e) {
      const problem = failureNotice('Not saved', e).text.replace(/^Not saved: /, '');
      sent.current = before; // tried again with the next change
      if (leaving) {
        leftUnsaved = { draft: d, problem };
        onLeftUnsaved(`Your settings were not saved: ${problem} They are kept in Settings until you fix them.`);
      } else setNotice({ text: `Not saved: ${problem}`, tone: 'error' });
    }
  };

  useEffect(() => {
    if (sameSettings(draft, sent.current)) return;
    const t = setTimeout(() => void saveNow(), SETTINGS_SAVE_DELAY_MS);
    return () => clearTimeout(t);
  }, [draft]);
  // Leaving the screen (or the page): what is typed is saved, not dropped.
  useEffect(() => {
    const onHide = () => void saveNow(true);
    addEventListener('pagehide', onHide);
    return () => { removeEventListener('pagehide', onHide); onHide(); };
  }, []);

  // Applied and saved at once: a theme is seen, not typed.
  const setTheme = (theme: Theme) => {
    applyBootSettings({ ...settings, theme });
    latest.current = { ...latest.current, theme };
    setDraft(latest.current);
    void saveNow();
  };

  const setProvider = (provider: Provider) => {
    const d = PROVIDER_DEFAULTS[provider];
    set({ provider, model: d.model, baseUrl: d.baseUrl });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setReloadOffered(false);
    sent.current = settings; // saved again on request, even unchanged
    await saveNow();
  };
  return (
    <form class="panel settings" onSubmit={save} aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>

      <fieldset>
        <legend>Theme</legend>
        {(['light', 'dark', 'system'] as const).map((t) => (
          <label key={t} class="inline">
            <input type="radio" name="theme" value={t} checked={draft.theme === t} onChange={() => void setTheme(t)} />
            {t === 'system' ? 'Follow the system' : t === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>AI provider</legend>
        <label for="provider">Provider</label>
        <select id="provider" value={draft.provider} onChange={(e) => setProvider(e.currentTarget.value as Provider)}>
          {PROVIDERS.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
        </select>
        {draft.provider !== 'none' && (
          <>
            <label for="model">Model</label>
            <input id="model" value={draft.model} onInput={(e) => set({ model: e.currentTarget.value })} />
            <label for="base-url">Base URL</label>
            <input id="base-url" type="url" value={draft.baseUrl} onInput={(e) => set({ baseUrl: e.currentTarget.value })} />
            <label for="api-key">API key{draft.provider === 'openai' ? ' (not needed for a local server)' : ''}</label>
            <div class="key-row">
              <input id="api-key" type={(showKey ? 'text' : 'password') as 'text'} autocomplete="off" spellcheck={false} value={draft.apiKey}
                onInput={(e) => set({ apiKey: e.currentTarget.value })} placeholder={draft.provider === 'anthropic' ? 'sk-ant-…' : 'sk-…'} />
              <button type="button" onClick={() => setShowKey((v) => !v)} aria-pressed={showKey}>{showKey ? 'Hide' : 'Show'}</button>
            </div>
            {settings.apiKeyUnreadable && !draft.apiKey && <p role="alert" class="error">{UNREADABLE_KEY[settings.apiKeyUnreadable]}</p>}
            <p class="fine">The key stays in this browser only: it is stored encrypted with a key that cannot leave this browser, so no export, database download or backup holds it in a usable form. It is never logged. Requests go straight from this browser to the provider.</p>
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>Your profile (used to write proposals)</legend>
        <label for="profile-name">Name</label>
        <input id="profile-name" dir="auto" value={draft.profileName} onInput={(e) => set({ profileName: e.currentTarget.value })} />
        <label for="profile-skills">Skills</label>
        <textarea id="profile-skills" dir="auto" rows={2} value={draft.profileSkills} onInput={(e) => set({ profileSkills: e.currentTarget.value })} />
        <label for="profile-experience">Experience</label>
        <textarea id="profile-experience" dir="auto" rows={3} value={draft.profileExperience} onInput={(e) => set({ profileExperience: e.currentTarget.value })} />
        <label for="profile-tone">Tone</label>
        <input id="profile-tone" dir="auto" value={draft.profileTone} onInput={(e) => set({ profileTone: e.currentTarget.value })} />
      </fieldset>

      <fieldset>
        <legend>Prompt template</legend>
        <label for="template">Template</label>
        <textarea id="template" dir="auto" rows={10} value={draft.promptTemplate} onInput={(e) => set({ promptTemplate: e.currentTarget.value })} aria-describedby="template-help" />
        <p id="template-help" class="fine">Placeholders: {PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.</p>
        <button type="button" onClick={() => set({ promptTemplate: DEFAULT_PROMPT_TEMPLATE })}>Reset to the default template</button>
      </fieldset>

      <div class="actions settings-status">
        <button type="submit" class="primary">Save settings</button>
        <NoticeLine notice={notice} />
        {reloadOffered && <button type="button" onClick={() => location.reload()}>Reload now</button>}
      </div>
      <p class="fine">Settings are saved as you change them.</p>
    </form>
  );
}
