// The secrets in the database, the API key and the sync space's token: sealed before they are
// written, opened when they are read, and sealed in any copy of the file that leaves the browser (a
// database from before sealing, or from the desktop app, holds them in clear).
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { tableExists, withTransaction, type Db } from '../domain/db.ts';
import { isSealedSecret, SECRET_SETTING_KEY, type ReadSettings, type Settings } from '../domain/settings.ts';
import { exportDb, isWalMode, openMemoryDb, setJournalModeBytes } from '../sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../sqlite/sqlite-driver.ts';
import { KeyStoreError, type SecretBox } from './secret-box.ts';

/** The settings with the API key opened; a key that cannot be opened is left out, saying why. */
export async function openSettings(settings: Settings, box: SecretBox): Promise<ReadSettings> {
  if (!settings.apiKey) return settings;
  let apiKey: string | null;
  try {
    apiKey = await box.open(settings.apiKey);
  } catch (e) {
    if (!(e instanceof KeyStoreError)) throw e;
    return { ...settings, apiKey: '', apiKeyUnreadable: 'key-store-unavailable' };
  }
  return apiKey === null ? { ...settings, apiKey: '', apiKeyUnreadable: 'sealed-elsewhere' } : { ...settings, apiKey };
}

/** The patch to write: the key sealed, or left out when it is the one already stored. */
export async function sealPatch(patch: Partial<Settings>, stored: Settings, box: SecretBox): Promise<Partial<Settings>> {
  if (patch.apiKey === undefined) return patch;
  const { apiKey, ...rest } = patch;
  if (apiKey === '' || !apiKey.trim()) return { ...rest, apiKey: '' };
  if (stored.apiKey && (await box.open(stored.apiKey)) === apiKey) return rest;
  return { ...rest, apiKey: await box.seal(apiKey) };
}

/** A secret the database may hold: how to read it, and how to put its sealed form in its place. */
interface StoredSecret {
  read(db: Db): string | null;
  replace(db: Db, sealed: string, plain: string): void;
}

const STORED_SECRETS: readonly StoredSecret[] = [
  { // the API key
    read: (db) => (tableExists(db, 'settings') ? db.query('SELECT value FROM settings WHERE key = ?', [SECRET_SETTING_KEY])[0]?.value as string | undefined : undefined) ?? null,
    replace: (db, sealed, plain) => db.query('UPDATE settings SET value = ? WHERE key = ? AND value = ?', [sealed, SECRET_SETTING_KEY, plain]),
  },
  { // the sync space's token (V8): with it and the pairing code's other parts, anyone reaches the space
    read: (db) => (tableExists(db, 'sync_state') ? db.query(`SELECT value ->> '$.token' AS token FROM sync_state WHERE key = 'space'`)[0]?.token as string | undefined : undefined) ?? null,
    replace: (db, sealed, plain) => db.query(`UPDATE sync_state SET value = json_set(value, '$.token', ?) WHERE key = 'space' AND value ->> '$.token' = ?`, [sealed, plain]),
  },
];

/** The secrets stored in clear, if any (a database from before sealing, or the desktop app's). */
function plainSecrets(db: Db): { secret: StoredSecret; plain: string }[] {
  return STORED_SECRETS.map((secret) => ({ secret, plain: String(secret.read(db) ?? '') }))
    .filter(({ plain }) => plain && !isSealedSecret(plain));
}

/**
 * Seals the secrets stored in clear, in place; with SQLite's secure_delete on, the page that held
 * them is overwritten, not just freed. Records of earlier writes that echoed them go too. True if it did.
 */
export async function sealStoredSecret(db: Db, box: SecretBox, orDrop = false): Promise<boolean> {
  const found = plainSecrets(db);
  if (!found.length) return false;
  // A copy leaving the browser when they cannot be sealed (no key store) leaves without them.
  const sealed = await Promise.all(found.map(({ plain }) => box.seal(plain).catch((e) => { if (orDrop) return ''; throw e; })));
  db.exec('PRAGMA secure_delete = ON');
  withTransaction(db, () => found.forEach(({ secret, plain }, i) => {
    secret.replace(db, sealed[i], plain);
    if (tableExists(db, 'applied_requests')) db.query('DELETE FROM applied_requests WHERE instr(result, ?) > 0', [plain]);
  }));
  return true;
}

/**
 * A copy of a database file fit to leave the browser: the same bytes when no secret is stored in
 * clear; otherwise a copy with them sealed and every free page dropped (VACUUM), so no trace
 * of it stays. A file SQLite cannot open is given as it is (it is the user's only copy).
 */
export async function withoutPlainSecret(sqlite3: Sqlite3Static, bytes: Uint8Array, box: SecretBox): Promise<Uint8Array> {
  let raw: Database;
  try {
    raw = openMemoryDb(sqlite3, isWalMode(bytes) ? setJournalModeBytes(new Uint8Array(bytes), 1) : bytes);
  } catch {
    return bytes;
  }
  try {
    const db = sqliteDriver(raw);
    try {
      if (!plainSecrets(db).length) return bytes;
    } catch {
      return bytes;
    }
    await sealStoredSecret(db, box, true);
    db.exec('VACUUM');
    return exportDb(sqlite3, raw);
  } finally {
    raw.close();
  }
}
