// Generating a proposal into the editor: checks first (provider, CSP, prompt), keeps the text it
// replaces as a version, streams into the proposal field, and keeps whatever arrived on failure.
import { useRef, useState } from 'preact/hooks';
import type { Settings } from '../../db/api.ts';
import { providerOrigin } from '../../db/domain/settings.ts';
import { GenerationError } from '../../generate/errors.ts';
import { generate, PartialGenerationError } from '../../generate/generate.ts';
import { buildPrompt } from '../../generate/prompt.ts';
import { readBootSettings } from '../boot-settings.ts';
import type { DatabaseClient } from '../database-client.ts';
import { failureNotice, type Notice } from '../notice.tsx';
import type { useAutosave } from './use-autosave.ts';

// The CSP's connect-src was fixed at boot from the provider saved then.
const BOOT_ORIGIN = readBootSettings().providerOrigin;

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
  /** The job post is missing or the prompt cannot be built: the user should look there. */
  onPromptProblem: () => void;
  /** Versions were added: a list on screen is stale. */
  onVersionsChanged: () => void;
}

export function useGeneration({ db, settings, autosave, onNotice, onPromptProblem, onVersionsChanged }: Options) {
  const [controller, setController] = useState<AbortController | null>(null);
  const canGenerate = settings.provider !== 'none';
  // The text the last generation produced: kept as 'generated' if replaced untouched, else 'edited'.
  const lastGenerated = useRef('');

  async function run() {
    if (controller) return;
    if (!canGenerate) {
      onNotice({ text: 'No AI provider is set: this is a plain editor. Choose a provider in Settings to generate proposals.', tone: 'info' });
      return;
    }
    if (providerOrigin(settings) !== BOOT_ORIGIN) {
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
    await autosave.flush();
    const before = autosave.latest();
    if (before.id !== null && before.fields.generatedText.trim()) {
      // Regenerating never overwrites silently: the text so far becomes an earlier version, or nothing is generated.
      try {
        await db.keepVersion(before.id, before.fields.generatedText === lastGenerated.current ? 'generated' : 'edited', settings.model);
      } catch (e) {
        onNotice(failureNotice('Nothing was generated, as the text so far could not be kept as a version', e));
        return;
      }
      onVersionsChanged();
    }
    const abort = new AbortController();
    setController(abort);
    onNotice({ text: `Generating with ${settings.model}…`, tone: 'info' });
    autosave.change({ generatedText: '' });
    try {
      lastGenerated.current = await generate({
        config: { provider: settings.provider as 'anthropic' | 'openai', baseUrl: settings.baseUrl, model: settings.model, apiKey: settings.apiKey },
        prompt,
        signal: abort.signal,
        onText: (chunk) => autosave.change({ generatedText: autosave.latest().fields.generatedText + chunk }),
      });
      onNotice({ text: `Generated with ${settings.model}. Edit it as you like: it is saved as you type.`, tone: 'info' });
    } catch (e) {
      onNotice(generationFailureNotice(e));
    } finally {
      setController(null);
      await autosave.flush();
      const { id } = autosave.latest();
      if (id !== null) {
        const p = await db.getProposal(id).catch(() => null); // only its version count: the next read brings it
        if (p) autosave.setProposal(p);
      }
    }
  }

  return { canGenerate, generating: controller !== null, run, cancel: () => controller?.abort() };
}
