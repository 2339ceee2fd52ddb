// The API key at rest: sealed with AES-GCM under a key that cannot be exported from this browser
// (a non-extractable CryptoKey kept in IndexedDB). A copy of the database file, a backup or a
// download holds only the sealed text, useless anywhere else.
import { isSealedSecret, SEALED_SECRET_PREFIX } from '../domain/settings.ts';

export interface SecretBox {
  seal(plain: string): Promise<string>;
  /**
   * The plain text, or null when it was sealed by another browser (or this one's key was cleared).
   * Rejects, with a KeyStoreError, when this browser's key store cannot be read at all.
   */
  open(sealed: string): Promise<string | null>;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export function secretBox(key: () => Promise<CryptoKey>): SecretBox {
  return {
    async seal(plain) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key(), new TextEncoder().encode(plain)));
      return SEALED_SECRET_PREFIX + toBase64(new Uint8Array([...iv, ...sealed]));
    },
    async open(text) {
      if (!isSealedSecret(text)) return text;
      const own = await key(); // a key store that cannot be read is not a key sealed elsewhere
      try {
        const bytes = fromBase64(text.slice(SEALED_SECRET_PREFIX.length));
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12) }, own, bytes.subarray(12));
        return new TextDecoder().decode(plain);
      } catch {
        return null;
      }
    },
  };
}

const newKey = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']) as Promise<CryptoKey>;

/** A key for this worker's life only (tests, and a browser without IndexedDB: nothing is saved there anyway). */
export function memorySecretKey(): () => Promise<CryptoKey> {
  let key: Promise<CryptoKey> | undefined;
  return () => (key ??= newKey());
}

const DB_NAME = 'upwork-researcher-keys';
const STORE = 'keys';
const KEY_ID = 'settings-secret';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
}

/** This browser's key in IndexedDB, made on first use; two workers making it at once keep the first. */
export function indexedDbSecretKey(): () => Promise<CryptoKey> {
  let key: Promise<CryptoKey> | undefined;
  const load = async () => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    const db = await request(open);
    try {
      const store = () => db.transaction(STORE, 'readwrite', { durability: 'strict' }).objectStore(STORE);
      const found = await request(store().get(KEY_ID)) as CryptoKey | undefined;
      if (found) return found;
      const made = await newKey();
      try {
        await request(store().add(made, KEY_ID));
        return made;
      } catch {
        return await request(store().get(KEY_ID)) as CryptoKey;
      }
    } finally {
      db.close();
    }
  };
  return () => (key ??= load().catch((e) => { key = undefined; throw new KeyStoreError(e); }));
}

/** This browser's key store (IndexedDB) cannot be read: an API key can be neither sealed nor opened. */
export class KeyStoreError extends Error {
  readonly kind = 'key-store';
  constructor(cause: unknown) {
    super(`The API key cannot be protected: this browser's key store (IndexedDB) is not available (${(cause as Error)?.message ?? cause}).`);
    this.name = 'KeyStoreError';
  }
}
