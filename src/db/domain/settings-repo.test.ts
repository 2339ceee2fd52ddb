import { describe, expect, it } from 'vitest';
import { migratedDb } from '../../testing/sqlite.ts';
import { getSettings, saveSettings } from './settings-repo.ts';
import { DEFAULT_PROMPT_TEMPLATE, providerOrigin } from './settings.ts';

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

  it.each([
    ['http://localhost:11434/v1', 'http://localhost:11434'],
    ['http://127.0.0.1:1234/v1', 'http://127.0.0.1:1234'],
    ['http://[::1]:8080/v1', 'http://[::1]:8080'],
    ['https://openrouter.ai/api/v1', 'https://openrouter.ai'],
  ])('accepts %s', async (baseUrl, origin) => {
    const t = await migrated();
    expect(saveSettings(t.db, { provider: 'openai', baseUrl }).baseUrl).toBe(baseUrl);
    expect(providerOrigin({ provider: 'openai', baseUrl })).toBe(origin);
  });

  it.each(['http://example.com/v1', 'http://192.168.1.5:11434', 'ftp://files.example', 'https://user:pw@api.example', 'not a url'])('refuses %s and changes nothing', async (baseUrl) => {
    const t = await migrated();
    const before = t.bytes();
    expect(() => saveSettings(t.db, { provider: 'openai', baseUrl })).toThrow(/must be an https/);
    expect(t.bytes()).toEqual(before);
  });
});
