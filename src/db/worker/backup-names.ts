import type { BackupInfo, BackupKind } from '../api.ts';

/**
 * How many of each kind are kept: the copies taken before updates are the ones that undo a bad
 * release, so imports, restores and backups made by hand never push them out.
 */
export const KEEP_BACKUPS: Readonly<Record<BackupKind, number>> = { update: 5, import: 3, restore: 3, manual: 5 };
const KINDS = Object.keys(KEEP_BACKUPS) as BackupKind[];

/** What a person reads in the name, after "before": why it was taken ('manual' says nothing more). */
const WHY: Record<BackupKind, string> = { update: 'before update, ', import: 'before import, ', restore: 'before restore, ', manual: '' };

// Names for a person, in their own time: `upwork-researcher backup 2026-11-30 23-45-13 (before
// restore, v4).sqlite3`, ` 2` before `.sqlite3` for a second one in the same second.
const NAME = /^upwork-researcher backup (\d{4})-(\d{2})-(\d{2}) (\d{2})-(\d{2})-(\d{2}) \((?:before (update|import|restore), )?(?:v(\d+)|version unknown)\)(?: (\d+))?\.sqlite3$/;
// Builds before: `upwork-researcher-{kind}-v{n}-{UTC time}.sqlite3` (no kind: an update; `vunknown`).
const OLD_NAME = /^upwork-researcher-(?:(update|import|restore)-)?v(\d+|unknown)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.sqlite3$/;

const two = (n: number) => String(n).padStart(2, '0');

/** `upwork-researcher backup 2026-11-30 23-45-13 (before restore, v4).sqlite3`; `n` > 1: the n-th in that second. */
export function backupName(kind: BackupKind, fromVersion: number | null, at: Date, n = 1): string {
  const when = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}-${two(at.getMinutes())}-${two(at.getSeconds())}`;
  return `upwork-researcher backup ${when} (${WHY[kind]}${fromVersion === null ? 'version unknown' : `v${fromVersion}`})${n > 1 ? ` ${n}` : ''}.sqlite3`;
}

export function parseBackupName(name: string): Omit<BackupInfo, 'size'> | null {
  const m = NAME.exec(name);
  if (m) {
    const [, y, mo, d, h, mi, s, kind, v, n] = m;
    // Local time, as written; the n-th of one second sorts after the first.
    const at = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(n ?? 1) - 1);
    if (Number.isNaN(at.getTime())) return null;
    return { name, kind: (kind as BackupKind | undefined) ?? 'manual', fromVersion: v === undefined ? null : Number(v), createdAt: at.toISOString() };
  }
  const old = OLD_NAME.exec(name);
  if (!old) return null;
  const [, kind, v, y, mo, d, h, mi, s, ms] = old;
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
