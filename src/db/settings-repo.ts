// The user's settings, stored as key/value rows in the `settings` table (V2). Unknown keys are
// kept as they are; missing ones take the defaults below.
import type { MigrationDb } from '../migrate/index.ts';

export type Theme = 'light' | 'dark' | 'system';
export type Provider = 'anthropic' | 'openai' | 'none';

export interface Settings {
  theme: Theme;
  provider: Provider;
  model: string;
  baseUrl: string;
  apiKey: string;
  profileName: string;
  profileSkills: string;
  profileExperience: string;
  profileTone: string;
  promptTemplate: string;
}

export const DEFAULT_PROMPT_TEMPLATE = `Write a proposal for this Upwork job post, as {{name}}.

My skills: {{skills}}
My experience: {{experience}}
Tone: {{tone}}

Job post:
{{job}}

Keep it under 200 words. Open with the client's problem, show one relevant result, and end with a question. Write only the proposal.`;

export const PROVIDER_DEFAULTS: Record<Exclude<Provider, 'none'>, { model: string; baseUrl: string }> = {
  anthropic: { model: 'claude-sonnet-4-5', baseUrl: 'https://api.anthropic.com' },
  openai: { model: 'gpt-4o-mini', baseUrl: 'https://api.openai.com/v1' },
};

// Column names kept as the desktop app named them where it had them (theme, api_provider).
const KEYS: Record<keyof Settings, string> = {
  theme: 'theme', provider: 'api_provider', model: 'api_model', baseUrl: 'api_base_url', apiKey: 'api_key',
  profileName: 'profile_name', profileSkills: 'profile_skills', profileExperience: 'profile_experience',
  profileTone: 'profile_tone', promptTemplate: 'prompt_template',
};

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system', provider: 'none', model: '', baseUrl: '', apiKey: '',
  profileName: '', profileSkills: '', profileExperience: '', profileTone: 'friendly and professional',
  promptTemplate: DEFAULT_PROMPT_TEMPLATE,
};

const THEMES: Theme[] = ['light', 'dark', 'system'];
const PROVIDERS: Provider[] = ['anthropic', 'openai', 'none'];

function normalise(s: Settings): Settings {
  const provider = PROVIDERS.includes(s.provider) ? s.provider : 'none';
  const defaults = provider === 'none' ? { model: '', baseUrl: '' } : PROVIDER_DEFAULTS[provider];
  return {
    ...s,
    theme: THEMES.includes(s.theme) ? s.theme : 'system',
    provider,
    model: s.model.trim() || defaults.model,
    baseUrl: (s.baseUrl.trim() || defaults.baseUrl).replace(/\/+$/, ''),
    promptTemplate: s.promptTemplate.trim() ? s.promptTemplate : DEFAULT_PROMPT_TEMPLATE,
  };
}

export function getSettings(db: MigrationDb): Settings {
  const stored = new Map(db.query('SELECT key, value FROM settings').map((r) => [String(r.key), String(r.value)]));
  const out = { ...DEFAULT_SETTINGS };
  for (const [field, key] of Object.entries(KEYS) as [keyof Settings, string][]) {
    const v = stored.get(key);
    if (v !== undefined) (out[field] as string) = v;
  }
  return normalise(out);
}

export function saveSettings(db: MigrationDb, patch: Partial<Settings>): Settings {
  const next = normalise({ ...getSettings(db), ...patch });
  if (next.baseUrl) {
    try {
      const u = new URL(next.baseUrl);
      const local = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) throw new Error('insecure');
    } catch {
      throw new Error(`The base URL "${next.baseUrl}" must be an https:// address (or http://localhost for a local model).`);
    }
  }
  for (const field of Object.keys(patch) as (keyof Settings)[]) {
    if (!(field in KEYS)) continue;
    db.query(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, datetime('now'))
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at WHERE value IS NOT excluded.value`,
      [KEYS[field], String(next[field])],
    );
  }
  return next;
}

/** Settings as exported: everything but the API key, which never leaves this browser. */
export function exportableSettings(s: Settings): Omit<Settings, 'apiKey'> {
  const { apiKey: _secret, ...rest } = s;
  return rest;
}
