import { describe, expect, it } from 'vitest';
import { backupName, backupsToPrune, KEEP_BACKUPS, oldestFirst, parseBackupName } from './backup-names.ts';

const at = (day: number) => new Date(Date.UTC(2026, 5, day));

describe('backup names', () => {
  it('round-trips the kind, the version and the time', () => {
    const name = backupName('import', 2, new Date('2026-11-23T23:10:01.123Z'));
    expect(name).toBe('upwork-researcher-import-v2-20261123T231001123Z.sqlite3');
    expect(parseBackupName(name)).toEqual({ name, kind: 'import', fromVersion: 2, createdAt: '2026-11-23T23:10:01.123Z' });
  });

  it('reads the names of builds before kinds as updates', () => {
    const old = 'upwork-researcher-v2-20261123T231001123Z.sqlite3';
    expect(parseBackupName(old)).toEqual({ name: old, kind: 'update', fromVersion: 2, createdAt: '2026-11-23T23:10:01.123Z' });
    const unknown = backupName('restore', null, new Date('2026-11-23T23:10:01.123Z'));
    expect(unknown).toBe('upwork-researcher-restore-vunknown-20261123T231001123Z.sqlite3');
    expect(parseBackupName(unknown)).toMatchObject({ kind: 'restore', fromVersion: null });
  });

  it('ignores files that are not backups', () => {
    expect(parseBackupName('notes.txt')).toBeNull();
    expect(parseBackupName('upwork-researcher-v2-2026.sqlite3')).toBeNull();
    expect(parseBackupName('upwork-researcher-other-v2-20261123T231001123Z.sqlite3')).toBeNull();
  });

  it('keeps the newest few of each kind by time, whatever their versions', () => {
    const updates = [9, 1, 2, 3, 4, 5].map((v, i) => backupName('update', v, at(i + 1))); // the v9 one is the oldest
    expect(backupsToPrune([...updates, 'unrelated.sqlite3'])).toEqual([updates[0]]);
    expect(backupsToPrune(updates.slice(1))).toEqual([]);
  });

  it('imports and restores never push out the backups taken before updates', () => {
    const update = backupName('update', 2, at(1));
    const imports = Array.from({ length: 10 }, (_, i) => backupName('import', 3, at(i + 2)));
    const pruned = backupsToPrune([update, ...imports], imports.at(-1));
    expect(pruned).not.toContain(update);
    expect(pruned.sort()).toEqual(imports.slice(0, 10 - KEEP_BACKUPS.import).sort());
  });

  it('never prunes the backup just written, even when the clock once ran ahead', () => {
    const future = Array.from({ length: 5 }, (_, i) => backupName('update', 2, new Date(Date.UTC(2030, 0, i + 1))));
    const now = backupName('update', 3, at(1));
    const pruned = backupsToPrune([...future, now], now);
    expect(pruned).not.toContain(now);
    expect(pruned).toEqual([future[0]]); // the oldest of the others makes room
  });

  it('makes room oldest first, of any kind', () => {
    const names = [backupName('import', 3, at(5)), backupName('update', 2, at(1)), backupName('restore', 3, at(3))];
    expect(oldestFirst(names)).toEqual([names[1], names[2], names[0]]);
  });
});
