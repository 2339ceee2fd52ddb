import { describe, expect, it } from 'vitest';
import { migratedDb } from '../testing/sqlite.ts';
import { DEFAULT_PROMPT_TEMPLATE, exportableSettings, getSettings, saveSettings } from './settings-repo.ts';

const migrated = migratedDb;

describe('settings', () => {
  it('reads the desktop app\'s seeded values and fills the rest with defaults', async () => {
    const t = await migrated();
    expect(getSettings(t.db)).toMatchObject({
      theme: 'light', provider: 'anthropic', model: 'claude-sonnet-4-5', baseUrl: 'https://api.anthropic.com',
      apiKey: '', promptTemplate: DEFAULT_PROMPT_TEMPLATE,
    });
  });

  it('saves what changed, in the settings table', async () => {
    const t = await migrated();
    saveSettings(t.db, { theme: 'dark', provider: 'openai', model: '', baseUrl: 'http://localhost:11434/v1/', apiKey: 'sk-test', profileName: 'Ana' });
    expect(getSettings(t.db)).toMatchObject({ theme: 'dark', provider: 'openai', model: 'gpt-4o-mini', baseUrl: 'http://localhost:11434/v1', apiKey: 'sk-test', profileName: 'Ana' });
    expect(t.db.query(`SELECT value FROM settings WHERE key = 'api_provider'`)).toEqual([{ value: 'openai' }]);
  });

  it('refuses an insecure remote base URL and changes nothing', async () => {
    const t = await migrated();
    expect(() => saveSettings(t.db, { provider: 'openai', baseUrl: 'http://example.com/v1' })).toThrow(/must be an https/);
    expect(getSettings(t.db).provider).toBe('anthropic');
  });

  it('never exports the API key', async () => {
    const t = await migrated();
    const s = saveSettings(t.db, { apiKey: 'sk-ant-secret' });
    expect(JSON.stringify(exportableSettings(s))).not.toContain('sk-ant-secret');
  });
});
