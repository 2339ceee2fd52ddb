// Generating a proposal into the editor: checks first (provider, CSP, prompt), keeps the text it
// replaces as a version, streams into the proposal field, and keeps whatever arrived on failure.
import { useRef, useState } from 'preact/hooks';
import type { Settings } from '../../db/api.ts';
import { providerOrigin } from '../../db/domain/settings.ts';
import { GenerationError } from '../../generate/errors.ts';
import { generate, PartialGenerationError } from '../../generate/generate.ts';
import { buildPrompt } from '../../generate/prompt.ts';
import { estimateTokens } from '../../db/domain/limits.ts';
import { readBootSettings } from '../boot-settings.ts';
import type { DatabaseClient } from '../database-client.ts';
import { failureNotice, type Notice } from '../notice.tsx';
import type { useAutosave } from './use-autosave.ts';

// The CSP's connect-src was fixed at boot from the provider saved then.
const BOOT_ORIGIN = readBootSettings().providerOrigin;

/** The provider was changed since this page started: its Content-Security-Policy does not allow it yet. */
export const providerNeedsReload = (settings: Settings) => settings.provider !== 'none' && providerOrigin(settings) !== BOOT_ORIGIN;

/** The notice for a generation that ended early; what arrived is already in the editor. */
export function generationFailureNotice(e: unknown): Notice {
  const err = e instanceof GenerationError ? e : new GenerationError('server', (e as Error).message);
  const kept = e instanceof PartialGenerationError && e.hasPartial ? ' What arrived so far is kept.' : '';
  return { text: err.message + kept, tone: err.kind === 'cancelled' ? 'info' : 'error' };
}

interface Options {
  db: DatabaseClient;
  settings: Settings;
  autosave: ReturnType<typeof useAutosave>;
  onNotice: (notice: Notice | null) => void;
  /** Generate was asked for with no provider or no key: `text` says what to set up. */
  onNeedsSetup: (text: string) => void;
  /** The job post is missing or the prompt cannot be built: the user should look there. */
  onPromptProblem: () => void;
  /** Versions were added: a list on screen is stale. */
  onVersionsChanged: () => void;
  /** A proposal already sent: asks whether to replace its text (it stays kept as a version); false stops. */
  confirmReplaceSent: () => Promise<boolean>;
}

/** What must be set up in Settings before anything can be generated, or null. */
export function setupMissing(settings: Settings): string | null {
  if (settings.provider === 'none') return 'No AI provider is set: choose one in Settings to generate proposals. Until then, write your own: it is saved as you type.';
  if (settings.provider === 'anthropic' && !settings.apiKey) return 'No Anthropic API key yet: add yours in Settings (or choose another provider) to generate proposals.';
  return null;
}

export function useGeneration({ db, settings, autosave, onNotice, onNeedsSetup, onPromptProblem, onVersionsChanged, confirmReplaceSent }: Options) {
  const [controller, setController] = useState<AbortController | null>(null);
  const canGenerate = settings.provider !== 'none';
  // Set at once, before any await: a double click's second click (or a key repeat) finds it set
  // even though no render has happened between them.
  const running = useRef(false);
  // Saving the end of the last answer and marking it finished: the next run waits for it, but the
  // user does not (Regenerate is clickable as soon as the answer has arrived).
  const finishing = useRef<Promise<void>>(Promise.resolve());

  async function run() {
    if (running.current) return;
    running.current = true;
    try {
      await finishing.current;
      await runOnce();
    } finally {
      running.current = false;
    }
  }

  async function runOnce() {
    // Nothing to generate with: said at once, next to the button, before anything is touched.
    const missing = setupMissing(settings);
    if (missing) return onNeedsSetup(missing);
    if (providerNeedsReload(settings)) {
      onNotice({ text: 'The AI provider changed: reload the app so it may connect to the new one.', tone: 'error' });
      return;
    }
    let prompt;
    try {
      prompt = buildPrompt(settings.promptTemplate, {
        job: autosave.latest().fields.jobContent, name: settings.profileName, skills: settings.profileSkills,
        experience: settings.profileExperience, tone: settings.profileTone,
      });
    } catch (e) {
      onNotice({ text: (e as Error).message, tone: 'error' });
      onPromptProblem();
      return;
    }
    if (!(await confirmReplaceSent())) return;
    await autosave.flush();
    const { id } = autosave.latest();
    if (id !== null) {
      // Regenerating never overwrites silently: the text so far becomes an earlier version (with
      // where it came from, as recorded), or nothing is generated; the proposal is marked
      // unfinished until this generation ends.
      try {
        autosave.setProposal(await db.beginGeneration(id, settings.model));
      } catch (e) {
        onNotice(failureNotice('Nothing was generated, as the text so far could not be kept as a version', e));
        return;
      }
      onVersionsChanged();
    }
    const abort = new AbortController();
    setController(abort);
    const size = estimateTokens(prompt.system.length + prompt.user.length).toLocaleString('en');
    onNotice({ text: `Generating with ${settings.model} (sending about ${size} tokens${prompt.jobCutFrom ? ', the start of the job post only' : ''})…`, tone: 'info' });
    autosave.setStreaming(true);
    autosave.change({ generatedText: '' });
    let complete = false;
    try {
      await generate({
        config: { provider: settings.provider as 'anthropic' | 'openai', baseUrl: settings.baseUrl, model: settings.model, apiKey: settings.apiKey },
        prompt,
        signal: abort.signal,
        onText: (chunk) => autosave.change({ generatedText: autosave.latest().fields.generatedText + chunk }),
      });
      complete = true;
      onNotice({ text: `Generated with ${settings.model}. Edit it as you like: it is saved as you type.`, tone: 'info' });
    } catch (e) {
      complete = e instanceof GenerationError && e.kind === 'cancelled'; // stopped on purpose: not "cut off"
      onNotice(generationFailureNotice(e));
    } finally {
      setController(null);
      finishing.current = (async () => {
        await autosave.flush();
        autosave.setStreaming(false);
        const current = autosave.latest().id ?? id;
        if (current !== null) autosave.setProposal(await db.finishGeneration(current, complete));
        // Issue 17: what wrote it, for the dashboard's results by provider, model and template.
        if (current !== null && complete) await db.recordGeneration(current, { provider: settings.provider, model: settings.model, template: settings.promptTemplate });
      })().catch((e) => onNotice(failureNotice('The end of the answer was not recorded', e)));
    }
  }

  return { canGenerate, generating: controller !== null, run, cancel: () => controller?.abort() };
}
