// What /boot.js (src/build/boot-script.ts) needs before the app starts: the theme (no flash) and
// the provider's origin (the Content-Security-Policy's connect-src). Mirrored from the settings table.
import { providerOrigin, type Settings } from '../db/domain/settings.ts';

export const BOOT_STORAGE_KEY = 'upwork-researcher:boot';
const KEY = BOOT_STORAGE_KEY;

export interface BootSettings {
  theme: Settings['theme'];
  providerOrigin: string | null;
}

export function readBootSettings(): BootSettings {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return { theme: v.theme ?? 'system', providerOrigin: v.providerOrigin ?? null };
  } catch {
    return { theme: 'system', providerOrigin: null };
  }
}

/** Applies the theme now and remembers both values; true when a reload is needed for the CSP. */
export function applyBootSettings(s: Pick<Settings, 'theme' | 'provider' | 'baseUrl'>): boolean {
  const previous = readBootSettings();
  const next: BootSettings = { theme: s.theme, providerOrigin: providerOrigin(s) };
  document.documentElement.setAttribute('data-theme', next.theme);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // storage full or blocked: the theme still applies for this session
  }
  return previous.providerOrigin !== next.providerOrigin;
}
