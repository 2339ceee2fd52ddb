// The sync engine's storage (Automerge's StorageAdapterInterface) over this app's own SQLite
// database, in the table `sync_storage` (V8): no IndexedDB, no second store. A key is an array of
// strings; it is kept as one text with a separator that no key part holds, so that "every key that
// starts with these parts" is a range of the primary key, never a LIKE over the table.
import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim';
import type { Db } from '../db/domain/db.ts';

const SEPARATOR = '\u001f';
const AFTER_SEPARATOR = '\u0020';

export class StorageKeyError extends Error {
  readonly kind = 'bad-storage-key';
  constructor(readonly key: StorageKey) {
    super(`A sync storage key part holds the separator U+001F: ${JSON.stringify(key)}`);
    this.name = 'StorageKeyError';
  }
}

function encode(key: StorageKey): string {
  if (key.some((part) => part.includes(SEPARATOR))) throw new StorageKeyError(key);
  return key.join(SEPARATOR);
}

const decode = (text: string): StorageKey => text.split(SEPARATOR);

/** `[a, b]` matches `a␟b` itself and every `a␟b␟…`, never `a␟bc`. */
const rangeOf = (prefix: StorageKey) => {
  if (prefix.length === 0) return { where: '1', params: [] };
  const p = encode(prefix);
  return { where: '(key = ? OR (key >= ? AND key < ?))', params: [p, p + SEPARATOR, p + AFTER_SEPARATOR] };
};

export class SqliteStorageAdapter implements StorageAdapterInterface {
  constructor(private readonly db: Db) {}

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const [row] = this.db.query('SELECT data FROM sync_storage WHERE key = ?', [encode(key)]);
    return row ? (row.data as Uint8Array) : undefined;
  }

  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    this.db.query('INSERT INTO sync_storage (key, data) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET data = excluded.data', [encode(key), data]);
  }

  async remove(key: StorageKey): Promise<void> {
    this.db.query('DELETE FROM sync_storage WHERE key = ?', [encode(key)]);
  }

  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    const { where, params } = rangeOf(prefix);
    return this.db.query(`SELECT key, data FROM sync_storage WHERE ${where} ORDER BY key`, params)
      .map((r) => ({ key: decode(String(r.key)), data: r.data as Uint8Array }));
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    const { where, params } = rangeOf(prefix);
    this.db.query(`DELETE FROM sync_storage WHERE ${where}`, params);
  }
}
