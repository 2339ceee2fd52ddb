import { describe, expect, it } from 'vitest';
import { backupName } from './backup-names.ts';
import { writeBackupIn, type BackupFolder } from './backup-store.ts';

/** A folder of `room` bytes, as a full disk or a small quota makes it. */
function folder(room: number, files: Record<string, number> = {}) {
  const sizes = new Map(Object.entries(files));
  const used = () => [...sizes.values()].reduce((a, b) => a + b, 0);
  const f: BackupFolder = {
    names: async () => [...sizes.keys()],
    async write(name, bytes) {
      if (used() + bytes.length > room) throw Object.assign(new Error('The operation failed because it would cause the application to exceed its storage quota.'), { name: 'QuotaExceededError' });
      sizes.set(name, bytes.length);
    },
    remove: async (name) => void sizes.delete(name),
  };
  return { f, sizes };
}

const day = (d: number) => new Date(Date.UTC(2026, 5, d));

describe('writing a backup', () => {
  it('when it does not fit, deletes the oldest backups, one at a time, until it does', async () => {
    const old = [backupName('update', 1, day(1)), backupName('import', 2, day(2)), backupName('update', 2, day(3))];
    const { f, sizes } = folder(250, { [old[0]]: 100, [old[1]]: 100, [old[2]]: 50 });
    const name = await writeBackupIn(f, new Uint8Array(120), 3, 'update', day(10));
    expect([...sizes.keys()].sort()).toEqual([name, old[2]].sort());
  });

  it('gives up, with the error, when even an empty folder has no room; nothing else is lost for it', async () => {
    const { f, sizes } = folder(100, { 'notes.txt': 10 });
    await expect(writeBackupIn(f, new Uint8Array(500), 3, 'update', day(10))).rejects.toThrow(/exceed its storage quota/);
    expect([...sizes.keys()]).toEqual(['notes.txt']); // not a backup: never deleted
  });

  it('another failure is not a reason to delete anything', async () => {
    const existing = backupName('update', 1, day(1));
    const { f, sizes } = folder(1000, { [existing]: 10 });
    f.write = async () => { throw new Error('NotReadableError: the file is locked'); };
    await expect(writeBackupIn(f, new Uint8Array(5), 3, 'update', day(10))).rejects.toThrow(/locked/);
    expect([...sizes.keys()]).toEqual([existing]);
  });
});
