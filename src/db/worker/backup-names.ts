import type { BackupInfo } from '../api.ts';
import { fileStamp } from '../domain/file-names.ts';

export const KEEP_BACKUPS = 5;
const PATTERN = /^upwork-researcher-v(\d+)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.sqlite3$/;

/** `upwork-researcher-v2-20261123T231001123Z.sqlite3`: the version it was taken at, then UTC time. */
export function backupName(fromVersion: number, at: Date): string {
  return `upwork-researcher-v${fromVersion}-${fileStamp(at)}.sqlite3`;
}

export function parseBackupName(name: string): Omit<BackupInfo, 'size'> | null {
  const m = PATTERN.exec(name);
  if (!m) return null;
  const [, v, y, mo, d, h, mi, s, ms] = m;
  return { name, fromVersion: Number(v), createdAt: `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z` };
}

/** Newest first, by the time in the name (not the version, not the name's order). */
export function sortBackups<T extends { createdAt: string }>(backups: T[]): T[] {
  return [...backups].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The names to delete so that only the newest `keep` remain. */
export function backupsToPrune(names: string[], keep = KEEP_BACKUPS): string[] {
  const parsed = names.map(parseBackupName).filter((b): b is NonNullable<typeof b> => b !== null);
  return sortBackups(parsed).slice(keep).map((b) => b.name);
}
