export { formatBytes } from '../db/domain/limits.ts';

/** SQLite's `datetime('now')` (UTC, no zone) or an ISO string, shown in the user's locale. */
export function formatDate(text: string): string {
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) ? text.replace(' ', 'T') + 'Z' : text;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? text : d.toLocaleString();
}

export function download(bytes: Uint8Array, name: string, type = 'application/vnd.sqlite3'): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
