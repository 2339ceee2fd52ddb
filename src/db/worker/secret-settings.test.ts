import { describe, expect, it } from 'vitest';
import { migratedDb, sqlite3, testDb, type TestDb } from '../../testing/sqlite.ts';
import { getSettings, saveSettings } from '../domain/settings-repo.ts';
import { isSealedSecret } from '../domain/settings.ts';
import { KeyStoreError, memorySecretKey, secretBox } from './secret-box.ts';
import { openSettings, sealPatch, sealStoredSecret, withoutPlainSecret } from './secret-settings.ts';

const KEY = 'sk-ant-api03-VERY-SECRET-0123456789';
const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

describe('the API key at rest', () => {
  it('is written sealed, read back opened, and a copy of the file holds no trace of it', async () => {
    const box = secretBox(memorySecretKey());
    const t = await migratedDb();
    saveSettings(t.db, await sealPatch({ provider: 'anthropic', apiKey: KEY }, getSettings(t.db), box));
    expect(isSealedSecret(getSettings(t.db).apiKey)).toBe(true);
    expect(await openSettings(getSettings(t.db), box)).toMatchObject({ apiKey: KEY });
    expect(contains(t.bytes(), KEY)).toBe(false);
    // The same key again is not sealed afresh (no needless write); a new one is.
    expect(await sealPatch({ apiKey: KEY }, getSettings(t.db), box)).toEqual({});
    expect(isSealedSecret((await sealPatch({ apiKey: `${KEY}x` }, getSettings(t.db), box)).apiKey!)).toBe(true);
  });

  it('sealed by another browser: read as unreadable, to be entered again', async () => {
    const t = await migratedDb();
    saveSettings(t.db, await sealPatch({ apiKey: KEY }, getSettings(t.db), secretBox(memorySecretKey())));
    expect(await openSettings(getSettings(t.db), secretBox(memorySecretKey()))).toMatchObject({ apiKey: '', apiKeyUnreadable: 'sealed-elsewhere' });
  });

  it('this browser\'s key store cannot be read: said so, not mistaken for a key sealed elsewhere', async () => {
    const t = await migratedDb();
    saveSettings(t.db, await sealPatch({ apiKey: KEY }, getSettings(t.db), secretBox(memorySecretKey())));
    const noKeyStore = secretBox(() => Promise.reject(new KeyStoreError(new Error('IndexedDB is blocked'))));
    expect(await openSettings(getSettings(t.db), noKeyStore)).toMatchObject({ apiKey: '', apiKeyUnreadable: 'key-store-unavailable' });
  });

  it('in clear (the desktop app\'s database, or one from before sealing): sealed in place, and the old bytes overwritten', async () => {
    const box = secretBox(memorySecretKey());
    const t = await migratedDb();
    saveSettings(t.db, { provider: 'anthropic', apiKey: KEY });
    t.db.query(`INSERT INTO applied_requests (id, result) VALUES ('r1', ?)`, [JSON.stringify({ apiKey: KEY })]);
    expect(contains(t.bytes(), KEY)).toBe(true);
    expect(await sealStoredSecret(t.db, box)).toBe(true);
    expect(contains(t.bytes(), KEY)).toBe(false);
    expect(await openSettings(getSettings(t.db), box)).toMatchObject({ apiKey: KEY });
    expect(await sealStoredSecret(t.db, box)).toBe(false); // nothing left in clear
  });

  it('a file leaving the browser: the same bytes when nothing is in clear; otherwise sealed, with no trace, and still opens here', async () => {
    const box = secretBox(memorySecretKey());
    const clean = await migratedDb();
    const cleanBytes = clean.bytes();
    expect(await withoutPlainSecret(sqlite3, cleanBytes, box)).toBe(cleanBytes);

    const legacy = await migratedDb();
    saveSettings(legacy.db, { provider: 'anthropic', apiKey: KEY });
    legacy.db.exec(`INSERT INTO settings (key, value) VALUES ('note', '${'x'.repeat(5000)}'); DELETE FROM settings WHERE key = 'note'`);
    const out = await withoutPlainSecret(sqlite3, legacy.bytes(), box);
    expect(contains(legacy.bytes(), KEY)).toBe(true);
    expect(contains(out, KEY)).toBe(false);
    const reopened = testDb(out);
    expect(await openSettings(getSettings(reopened.db), box)).toMatchObject({ apiKey: KEY });
    expect(reopened.db.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);

    // Without a key store, the copy leaves without the key at all.
    const noStore = secretBox(() => Promise.reject(new Error('no IndexedDB')));
    const dropped = await withoutPlainSecret(sqlite3, legacy.bytes(), noStore);
    expect(contains(dropped, KEY)).toBe(false);
    expect(getSettings(testDb(dropped).db).apiKey).toBe('');
    // Not a database at all: handed out as it is (the user's only copy).
    const junk = new Uint8Array([1, 2, 3]);
    expect(await withoutPlainSecret(sqlite3, junk, box)).toBe(junk);
  });
});

describe("the sync space's token at rest", () => {
  const TOKEN = 'sync-token-VERY-SECRET-abcdef0123456789';
  const space = (token: string) => JSON.stringify({ server: 'https://sync.example.com', space: 'a'.repeat(24), token, doc: 'automerge:xyz' });
  const storedToken = (db: TestDb['db']) => String(db.query(`SELECT value ->> '$.token' AS t FROM sync_state WHERE key = 'space'`)[0].t);

  it('in clear (a database from before sealing): sealed in place, the old bytes overwritten, and it opens here', async () => {
    const box = secretBox(memorySecretKey());
    const t = await migratedDb();
    t.db.query(`INSERT INTO sync_state (key, value) VALUES ('space', ?)`, [space(TOKEN)]);
    expect(contains(t.bytes(), TOKEN)).toBe(true);
    expect(await sealStoredSecret(t.db, box)).toBe(true);
    expect(contains(t.bytes(), TOKEN)).toBe(false);
    expect(isSealedSecret(storedToken(t.db))).toBe(true);
    expect(await box.open(storedToken(t.db))).toBe(TOKEN);
    expect(await sealStoredSecret(t.db, box)).toBe(false);
  });

  it('a file leaving the browser holds it sealed, or not at all without a key store', async () => {
    const box = secretBox(memorySecretKey());
    const legacy = await migratedDb();
    legacy.db.query(`INSERT INTO sync_state (key, value) VALUES ('space', ?)`, [space(TOKEN)]);
    const out = await withoutPlainSecret(sqlite3, legacy.bytes(), box);
    expect(contains(out, TOKEN)).toBe(false);
    expect(await box.open(storedToken(testDb(out).db))).toBe(TOKEN);
    const dropped = await withoutPlainSecret(sqlite3, legacy.bytes(), secretBox(() => Promise.reject(new Error('no IndexedDB'))));
    expect(contains(dropped, TOKEN)).toBe(false);
    expect(storedToken(testDb(dropped).db)).toBe('');
  });
});
