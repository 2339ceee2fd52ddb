// The user's settings: their shape, defaults and checks. No SQL here, so the Settings screen, the
// boot settings, the JSON import and the repository all apply the same rules.
import { providerOriginOf } from './urls.ts';

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

/**
 * Why a stored API key cannot be used here and must be entered again: it was sealed by another
 * browser (or this one's saved keys were cleared), or this browser's key store cannot be read now.
 */
export type UnreadableKey = 'sealed-elsewhere' | 'key-store-unavailable';

/** Settings as the app reads them: `apiKeyUnreadable` says why the stored key is not given. */
export type ReadSettings = Settings & { apiKeyUnreadable?: UnreadableKey };

export const DEFAULT_PROMPT_TEMPLATE = `Write a proposal for this Upwork job post, as {{name}}.

My skills: {{skills}}
My experience: {{experience}}
Tone: {{tone}}

Job post:
{{job}}

Keep it under 200 words. Open with the client's problem, show one relevant result, and end with a question. Write only the proposal.`;

export const PROVIDER_DEFAULTS: Readonly<Record<Provider, { model: string; baseUrl: string }>> = {
  anthropic: { model: 'claude-sonnet-4-5', baseUrl: 'https://api.anthropic.com' },
  openai: { model: 'gpt-4o-mini', baseUrl: 'https://api.openai.com/v1' },
  none: { model: '', baseUrl: '' },
};

/** Each setting's key in the `settings` table, named as the desktop app named them where it had them. */
export const SETTING_KEYS: Readonly<Record<keyof Settings, string>> = {
  theme: 'theme', provider: 'api_provider', model: 'api_model', baseUrl: 'api_base_url', apiKey: 'api_key',
  profileName: 'profile_name', profileSkills: 'profile_skills', profileExperience: 'profile_experience',
  profileTone: 'profile_tone', promptTemplate: 'prompt_template',
};

/** The one secret: it never leaves this browser in an export, and no file may set it. */
export const SECRET_SETTING_KEY = SETTING_KEYS.apiKey;

/**
 * The settings that decide where requests and the key go (provider, base URL, model) or what is
 * sent with them (prompt template, profile): a file may change them only when the user says so.
 */
export const GUARDED_SETTINGS: readonly (keyof Settings)[] = [
  'provider', 'baseUrl', 'model', 'promptTemplate', 'profileName', 'profileSkills', 'profileExperience', 'profileTone',
  // Not about requests, but the user's own choice all the same: "Keep my settings" keeps it too.
  'theme',
];

/** How the secret is stored: sealed with this browser's own key (see worker/secret-box.ts). */
export const SEALED_SECRET_PREFIX = 'sealed:v1:';
export const isSealedSecret = (value: string) => value.startsWith(SEALED_SECRET_PREFIX);

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system', provider: 'none', model: '', baseUrl: '', apiKey: '',
  profileName: '', profileSkills: '', profileExperience: '', profileTone: 'friendly and professional',
  promptTemplate: DEFAULT_PROMPT_TEMPLATE,
};

const THEMES: Theme[] = ['light', 'dark', 'system'];
const PROVIDERS: Provider[] = ['anthropic', 'openai', 'none'];

/** Fills what is blank or unknown with the defaults (a provider's own model and base URL). */
export function normaliseSettings(s: Settings): Settings {
  const provider = PROVIDERS.includes(s.provider) ? s.provider : 'none';
  const defaults = PROVIDER_DEFAULTS[provider];
  return {
    ...s,
    theme: THEMES.includes(s.theme) ? s.theme : 'system',
    provider,
    model: s.model.trim() || defaults.model,
    baseUrl: (s.baseUrl.trim() || defaults.baseUrl).replace(/\/+$/, ''),
    promptTemplate: s.promptTemplate.trim() ? s.promptTemplate : DEFAULT_PROMPT_TEMPLATE,
  };
}

export class SettingsError extends Error {
  readonly kind = 'bad-setting';
  constructor(readonly field: keyof Settings, message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** Throws SettingsError when the (normalised) settings cannot be kept. */
export function checkSettings(s: Settings): void {
  if (s.baseUrl && providerOriginOf(s.baseUrl) === null) {
    throw new SettingsError('baseUrl', `The base URL "${s.baseUrl}" must be an https:// address (or http://localhost, 127.0.0.1 or [::1] for a local model).`);
  }
}

/** The origin the app connects to for these settings (the CSP's connect-src), or null for none. */
export function providerOrigin(s: Pick<Settings, 'provider' | 'baseUrl'>): string | null {
  return s.provider === 'none' || !s.baseUrl ? null : providerOriginOf(s.baseUrl);
}

/** Settings as stored (table keys) to settings fields; unknown keys and the secret are left out. */
export function settingsFromStoredKeys(stored: Record<string, string>): Partial<Settings> {
  const out: Partial<Record<keyof Settings, string>> = {};
  for (const [field, key] of Object.entries(SETTING_KEYS) as [keyof Settings, string][]) {
    if (key !== SECRET_SETTING_KEY && stored[key] !== undefined) out[field] = stored[key];
  }
  return out as Partial<Settings>;
}
