import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { migratedDb } from '../testing/sqlite.ts';
import { saveSettings } from '../db/domain/settings-repo.ts';
import { BOOT_STORAGE_KEY } from '../ui/boot-settings.ts';
import { bootScript } from './boot-script.ts';

/** Runs the generated /boot.js as a browser would, with this stored value; returns the CSP and theme it set. */
function boot(stored: unknown) {
  const attributes: Record<string, string> = {};
  const metas: { httpEquiv?: string; content?: string }[] = [];
  runInNewContext(bootScript(), {
    URL,
    localStorage: { getItem: (k: string) => (k === BOOT_STORAGE_KEY ? JSON.stringify(stored) : null) },
    document: {
      documentElement: { setAttribute: (k: string, v: string) => { attributes[k] = v; } },
      createElement: () => ({}),
      head: { appendChild: (m: { httpEquiv?: string; content?: string }) => metas.push(m) },
    },
  });
  expect(metas).toHaveLength(1);
  expect(metas[0].httpEquiv).toBe('Content-Security-Policy');
  return { csp: metas[0].content!, theme: attributes['data-theme'] };
}

// The rule itself: https anywhere, plain http only on this machine, and nothing that is not a host.
const ORIGINS: [origin: string, allowed: boolean][] = [
  ['https://api.anthropic.com', true], ['https://openrouter.ai', true], ['https://llm.example:8443', true],
  ['http://localhost:11434', true], ['http://127.0.0.1:1234', true], ['http://[::1]:8080', true],
  ['http://example.com', false], ['http://192.168.1.5:11434', false], ['ftp://files.example', false],
  ['https://*', false], ['https://a_b.example', false],
];

describe('the boot script and the Settings screen apply one rule for the provider origin', () => {
  it.each(ORIGINS)('%s allowed: %s', async (origin, allowed) => {
    const t = await migratedDb();
    const save = () => saveSettings(t.db, { provider: 'openai', baseUrl: `${origin}/v1` });
    if (allowed) expect(save).not.toThrow();
    else expect(save).toThrow();
    expect(boot({ theme: 'dark', providerOrigin: origin }).csp).toBe(allowed ? `connect-src 'self' ${origin}` : "connect-src 'self'");
  });

  it('accepts http://[::1] (the old boot script refused it) and refuses plain http elsewhere', () => {
    expect(boot({ providerOrigin: 'http://[::1]:8080' }).csp).toContain('http://[::1]:8080');
    expect(boot({ providerOrigin: 'http://example.com' }).csp).toBe("connect-src 'self'");
  });

  it.each([
    ['a path after the origin', 'https://api.example/v1'],
    ['a second source', "https://api.example 'unsafe-inline'"],
    ['a wildcard', 'https://*'],
    ['not text', 42],
  ])('drops a stored origin with %s', (_, stored) => {
    expect(boot({ providerOrigin: stored }).csp).toBe("connect-src 'self'");
  });

  it('applies the stored theme, and "system" for anything else', () => {
    expect(boot({ theme: 'dark' }).theme).toBe('dark');
    expect(boot({ theme: '<script>' }).theme).toBe('system');
    expect(boot(null).theme).toBe('system');
  });
});
