// The settings as key/value rows in the `settings` table (V2). Unknown keys are kept as they are;
// missing ones take the defaults.
import type { Db } from './db.ts';
import { checkSettings, DEFAULT_SETTINGS, normaliseSettings, SETTING_KEYS, type Settings } from './settings.ts';

export function getSettings(db: Db): Settings {
  const stored = new Map(db.query('SELECT key, value FROM settings').map((r) => [String(r.key), String(r.value)]));
  const out = { ...DEFAULT_SETTINGS };
  for (const [field, key] of Object.entries(SETTING_KEYS) as [keyof Settings, string][]) {
    const v = stored.get(key);
    if (v !== undefined) (out[field] as string) = v;
  }
  return normaliseSettings(out);
}

/** Checks the settings that would result, then writes the fields of `patch` that changed; returns how many did. */
export function writeSettings(db: Db, patch: Partial<Settings>): { settings: Settings; changed: number } {
  const settings = normaliseSettings({ ...getSettings(db), ...patch });
  checkSettings(settings);
  let changed = 0;
  for (const field of Object.keys(patch) as (keyof Settings)[]) {
    if (!(field in SETTING_KEYS)) continue;
    changed += db.query(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, datetime('now'))
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at WHERE value IS NOT excluded.value
       RETURNING key`,
      [SETTING_KEYS[field], String(settings[field])],
    ).length;
  }
  return { settings, changed };
}

export const saveSettings = (db: Db, patch: Partial<Settings>): Settings => writeSettings(db, patch).settings;
