// The storage adapter's contract (automerge-repo's StorageAdapterInterface) over this app's SQLite,
// then a real Repo saving a document through it and another Repo loading it back from the same file.
import { describe, expect, it } from 'vitest';
import { Repo } from '@automerge/automerge-repo/slim';
import { migratedDb } from '../testing/sqlite.ts';
import '../testing/automerge.ts';
import { SqliteStorageAdapter, StorageKeyError } from './sqlite-storage.ts';

const bytes = (...v: number[]) => new Uint8Array(v);

describe('SqliteStorageAdapter', () => {
  it('saves, loads, overwrites and removes one key, bytes intact', async () => {
    const t = await migratedDb();
    const s = new SqliteStorageAdapter(t.db);
    expect(await s.load(['doc', 'snapshot', 'h1'])).toBeUndefined();
    await s.save(['doc', 'snapshot', 'h1'], bytes(0, 1, 255));
    expect(await s.load(['doc', 'snapshot', 'h1'])).toEqual(bytes(0, 1, 255));
    await s.save(['doc', 'snapshot', 'h1'], bytes(7));
    expect(await s.load(['doc', 'snapshot', 'h1'])).toEqual(bytes(7));
    await s.remove(['doc', 'snapshot', 'h1']);
    expect(await s.load(['doc', 'snapshot', 'h1'])).toBeUndefined();
    expect(t.db.query('SELECT count(*) AS n FROM sync_storage')[0].n).toBe(0);
  });

  it('loads and removes by prefix: whole parts only, the exact key included', async () => {
    const t = await migratedDb();
    const s = new SqliteStorageAdapter(t.db);
    await s.save(['a'], bytes(1));
    await s.save(['a', 'incremental', 'x'], bytes(2));
    await s.save(['a', 'snapshot', 'y'], bytes(3));
    await s.save(['ab', 'snapshot', 'z'], bytes(4));
    await s.save(['b'], bytes(5));
    const keys = async (p: string[]) => (await s.loadRange(p)).map((c) => c.key.join('/')).sort();
    expect(await keys(['a'])).toEqual(['a', 'a/incremental/x', 'a/snapshot/y']);
    expect(await keys(['a', 'incremental'])).toEqual(['a/incremental/x']);
    expect(await keys([])).toEqual(['a', 'a/incremental/x', 'a/snapshot/y', 'ab/snapshot/z', 'b']);
    expect((await s.loadRange(['a', 'snapshot']))[0].data).toEqual(bytes(3));
    await s.removeRange(['a']);
    expect(await keys([])).toEqual(['ab/snapshot/z', 'b']);
  });

  it('refuses a key part holding the separator, storing nothing', async () => {
    const t = await migratedDb();
    const s = new SqliteStorageAdapter(t.db);
    await expect(s.save(['a\u001fb'], bytes(1))).rejects.toBeInstanceOf(StorageKeyError);
    expect(t.db.query('SELECT count(*) AS n FROM sync_storage')[0].n).toBe(0);
  });

  it('keeps a Repo\'s document: another Repo on the same database loads it', async () => {
    const t = await migratedDb();
    const first = new Repo({ storage: new SqliteStorageAdapter(t.db), network: [] });
    const handle = first.create<{ text: string; n: number }>({ text: 'hello', n: 1 });
    handle.change((d) => { d.n = 2; });
    await first.flush();
    await first.shutdown();
    const second = new Repo({ storage: new SqliteStorageAdapter(t.db), network: [] });
    const again = await second.find<{ text: string; n: number }>(handle.url);
    expect(again.doc()).toEqual({ text: 'hello', n: 2 });
    await second.shutdown();
  });
});
