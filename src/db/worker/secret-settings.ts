// The API key through the database: sealed before it is written, opened when it is read, and
// sealed in any copy of the file that leaves the browser (a database from before sealing, or from
// the desktop app, holds it in clear).
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

/** The key stored in clear, if any (a database from before sealing, or the desktop app's). */
function plainSecret(db: Db): string | null {
  if (!tableExists(db, 'settings')) return null;
  const [row] = db.query('SELECT value FROM settings WHERE key = ?', [SECRET_SETTING_KEY]);
  const value = row ? String(row.value ?? '') : '';
  return value && !isSealedSecret(value) ? value : null;
}

/**
 * Seals a key stored in clear, in place; with SQLite's secure_delete on, the page that held it
 * is overwritten, not just freed. Records of earlier writes that echoed it go too. True if it did.
 */
export async function sealStoredSecret(db: Db, box: SecretBox, orDrop = false): Promise<boolean> {
  const plain = plainSecret(db);
  if (plain === null) return false;
  // A copy leaving the browser when the key cannot be sealed (no key store) leaves without it.
  const sealed = await box.seal(plain).catch((e) => { if (orDrop) return ''; throw e; });
  db.exec('PRAGMA secure_delete = ON');
  withTransaction(db, () => {
    db.query('UPDATE settings SET value = ? WHERE key = ? AND value = ?', [sealed, SECRET_SETTING_KEY, plain]);
    if (tableExists(db, 'applied_requests')) db.query('DELETE FROM applied_requests WHERE instr(result, ?) > 0', [plain]);
  });
  return true;
}

/**
 * A copy of a database file fit to leave the browser: the same bytes when no key is stored in
 * clear; otherwise a copy with the key sealed and every free page dropped (VACUUM), so no trace
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
      if (plainSecret(db) === null) return bytes;
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
