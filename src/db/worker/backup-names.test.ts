import { describe, expect, it } from 'vitest';
import { backupName, backupsToPrune, KEEP_BACKUPS, oldestFirst, parseBackupName } from './backup-names.ts';

const at = (day: number) => new Date(Date.UTC(2026, 5, day));

describe('backup names', () => {
  it('names a backup for a person (local time, why, the version) and reads the name back', () => {
    const when = new Date(2026, 10, 30, 23, 45, 13); // local time, as the person reads it
    const name = backupName('restore', 4, when);
    expect(name).toBe('upwork-researcher backup 2026-11-30 23-45-13 (before restore, v4).sqlite3');
    expect(parseBackupName(name)).toEqual({ name, kind: 'restore', fromVersion: 4, createdAt: when.toISOString() });
    expect(backupName('manual', 5, when)).toBe('upwork-researcher backup 2026-11-30 23-45-13 (v5).sqlite3');
    expect(parseBackupName(backupName('manual', 5, when))).toMatchObject({ kind: 'manual', fromVersion: 5 });
    const unknown = backupName('update', null, when, 2);
    expect(unknown).toBe('upwork-researcher backup 2026-11-30 23-45-13 (before update, version unknown) 2.sqlite3');
    expect(parseBackupName(unknown)).toMatchObject({ kind: 'update', fromVersion: null, createdAt: new Date(2026, 10, 30, 23, 45, 13, 1).toISOString() });
  });

  it('reads the names of earlier builds (UTC stamps; before kinds, all updates)', () => {
    const old = 'upwork-researcher-v2-20261123T231001123Z.sqlite3';
    expect(parseBackupName(old)).toEqual({ name: old, kind: 'update', fromVersion: 2, createdAt: '2026-11-23T23:10:01.123Z' });
    const withKind = 'upwork-researcher-restore-vunknown-20261123T231001123Z.sqlite3';
    expect(parseBackupName(withKind)).toMatchObject({ kind: 'restore', fromVersion: null });
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
