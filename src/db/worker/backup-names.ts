import type { BackupInfo, BackupKind } from '../api.ts';
import { fileStamp } from '../domain/file-names.ts';

/**
 * How many of each kind are kept: the copies taken before updates are the ones that undo a bad
 * release, so imports and restores (which make copies of their own) never push them out.
 */
export const KEEP_BACKUPS: Readonly<Record<BackupKind, number>> = { update: 5, import: 3, restore: 3 };
const KINDS = Object.keys(KEEP_BACKUPS) as BackupKind[];
// `upwork-researcher-{kind}-v{n}-{time}.sqlite3` (`vunknown`: the history could not be read); builds
// before kinds wrote no kind: those were all updates.
const PATTERN = /^upwork-researcher-(?:(update|import|restore)-)?v(\d+|unknown)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.sqlite3$/;

/** `upwork-researcher-update-v2-20261123T231001123Z.sqlite3`: why, the version it was taken at, then UTC time. */
export function backupName(kind: BackupKind, fromVersion: number | null, at: Date): string {
  return `upwork-researcher-${kind}-v${fromVersion ?? 'unknown'}-${fileStamp(at)}.sqlite3`;
}

export function parseBackupName(name: string): Omit<BackupInfo, 'size'> | null {
  const m = PATTERN.exec(name);
  if (!m) return null;
  const [, kind, v, y, mo, d, h, mi, s, ms] = m;
  return { name, kind: (kind as BackupKind | undefined) ?? 'update', fromVersion: v === 'unknown' ? null : Number(v), createdAt: `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z` };
}

/** Newest first, by the time in the name (not the version, not the name's order). */
export function sortBackups<T extends { createdAt: string }>(backups: T[]): T[] {
  return [...backups].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * The names to delete so that only the newest few of each kind remain. `justWritten` is never
 * one of them, whatever its time says (a clock that once ran ahead left newer-looking names).
 */
export function backupsToPrune(names: string[], justWritten?: string): string[] {
  const parsed = names.map(parseBackupName).filter((b): b is NonNullable<typeof b> => b !== null);
  return KINDS.flatMap((kind) => {
    const ofKind = sortBackups(parsed.filter((b) => b.kind === kind && b.name !== justWritten));
    const keep = KEEP_BACKUPS[kind] - (parsed.some((b) => b.name === justWritten && b.kind === kind) ? 1 : 0);
    return ofKind.slice(Math.max(0, keep)).map((b) => b.name);
  });
}

/** When a backup does not fit: the oldest first, of any kind, to make room. */
export const oldestFirst = (names: string[]): string[] =>
  sortBackups(names.map(parseBackupName).filter((b): b is NonNullable<typeof b> => b !== null)).reverse().map((b) => b.name);
