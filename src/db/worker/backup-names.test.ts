import { describe, expect, it } from 'vitest';
import { backupName, backupsToPrune, parseBackupName } from './backup-names.ts';

describe('backup names', () => {
  it('round-trips the version and the time', () => {
    const name = backupName(2, new Date('2026-11-23T23:10:01.123Z'));
    expect(name).toBe('upwork-researcher-v2-20261123T231001123Z.sqlite3');
    expect(parseBackupName(name)).toEqual({ name, fromVersion: 2, createdAt: '2026-11-23T23:10:01.123Z' });
  });

  it('ignores files that are not backups', () => {
    expect(parseBackupName('notes.txt')).toBeNull();
    expect(parseBackupName('upwork-researcher-v2-2026.sqlite3')).toBeNull();
  });

  it('keeps the newest five by time, whatever their versions', () => {
    const names = [
      backupName(9, new Date('2026-01-01T00:00:00Z')), // highest version, oldest: pruned
      ...[1, 2, 3, 4, 5].map((v) => backupName(v, new Date(Date.UTC(2026, 5, v)))),
      backupName(1, new Date('2025-12-31T00:00:00Z')),
      'unrelated.sqlite3',
    ];
    expect(backupsToPrune(names).sort()).toEqual([names[0], names[6]].sort());
    expect(backupsToPrune(names.slice(1, 4))).toEqual([]);
  });
});
