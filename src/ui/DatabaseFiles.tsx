import { useRef, useState } from 'preact/hooks';
import type { BackupInfo, BackupKind, ImportProgress, RestoreSource } from '../db/api.ts';
import { tooLarge } from '../db/domain/limits.ts';
import type { DatabaseClient } from './database-client.ts';
import { useDataChanges, useImportProgress } from './data-changes.ts';
import { DATABASE_FILE_TYPES, describeNotes, pickDatabaseFile, progressText, readBytes } from './database-files.ts';
import { download, formatBytes, formatDate } from './format.ts';
import { startAgainAfterRestore } from './restored.ts';
import { failureNotice, NoticeLine, useNotice } from './notice.tsx';
import { useAsync } from './use-async.ts';

const KIND_TEXT: Record<BackupKind, string> = { update: 'Before an update', import: 'Before an import', restore: 'Before a restore' };

/**
 * The database file and every backup: download, restore, delete; and replacing the database with
 * a file. Always reachable, even after a failed start-up.
 */
export function DatabaseFiles({ db, showCurrent = true }: { db: DatabaseClient; showCurrent?: boolean }) {
  const [backups, reload] = useAsync(() => db.listBackups());
  // Backups made or deleted here or in another tab: the list follows.
  useDataChanges((c) => { if (c.backups) reload(); });
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  useImportProgress((p) => setProgress(p));
  const { notice, setNotice, attempt } = useNotice();
  const input = useRef<HTMLInputElement>(null);

  const saveCurrent = async () => {
    const file = await attempt('The database file could not be downloaded', () => db.exportDatabase());
    if (file) download(file.bytes, file.name);
  };
  const saveBackup = async (b: BackupInfo) => {
    const bytes = await attempt(`The backup ${b.name} could not be downloaded`, () => db.readBackup(b.name));
    if (bytes) download(bytes, b.name);
  };
  const remove = async (b: BackupInfo) => {
    if (!confirm(`Delete the backup from ${formatDate(b.createdAt)} (${formatBytes(b.size)})? This cannot be undone.`)) return;
    const deleted = await attempt('The backup could not be deleted', async () => { await db.deleteBackup(b.name); return true; });
    if (deleted) setNotice({ text: `Deleted the backup ${b.name}.`, tone: 'ok' });
  };
  const restore = async (what: string, source: RestoreSource) => {
    if (!confirm(`Replace your whole database with ${what}? Every proposal and setting becomes the file's. Your current database is backed up first.`)) return;
    setNotice(null);
    setBusy(`Restoring ${what}…`);
    setProgress(null);
    try {
      const r = await db.restoreDatabase(source);
      startAgainAfterRestore(`Restored ${what}: ${r.proposals} proposal${r.proposals === 1 ? '' : 's'}, schema version ${r.schemaVersion}.${describeNotes(what, r)}${r.backup ? ` The database you had is kept as the backup ${r.backup}.` : ''}`);
    } catch (e) {
      setNotice(failureNotice(`${what} was not restored`, e, ' Nothing was changed.'));
      setBusy(null);
    }
  };
  const restoreFiles = async (files: File[]) => {
    if (input.current) input.current.value = '';
    const chosen = pickDatabaseFile(files);
    if (typeof chosen === 'string') {
      setNotice({ text: `${chosen} Nothing was changed.`, tone: 'error' });
      return;
    }
    const { file, wal } = chosen;
    const refused = tooLarge(file.size);
    if (refused) {
      setNotice({ text: `${file.name} ${refused}. Nothing was changed.`, tone: 'error' });
      return;
    }
    await restore(file.name, { file: await readBytes(file), wal: wal && await readBytes(wal) });
  };

  return (
    <section aria-labelledby="rescue-title" class="rescue">
      <h2 id="rescue-title">Your data</h2>
      <div class="actions">
        {showCurrent && <button type="button" onClick={saveCurrent} disabled={!!busy}>Download the database file</button>}
        <button type="button" onClick={() => input.current?.click()} disabled={!!busy}>Replace the database with a file…</button>
        <input ref={input} type="file" multiple accept={DATABASE_FILE_TYPES} class="visually-hidden"
          aria-label="Replace the database with a database file" tabIndex={-1}
          onChange={(e) => { const f = [...(e.currentTarget.files ?? [])]; if (f.length) void restoreFiles(f); }} />
      </div>
      <p class="fine">Replacing is not importing: the file becomes your database, after it is checked and your current one is backed up. To add a file's proposals to yours, use Import above.</p>
      {busy && <p role="status">{busy}{progress && ` ${progressText(progress)}`}</p>}
      <NoticeLine notice={notice} />
      <h3>Backups</h3>
      {backups.status === 'loading' && <p>Looking for backups…</p>}
      {backups.status === 'error' && <NoticeLine notice={failureNotice('Backups could not be listed', backups.error)} />}
      {backups.status === 'done' && (backups.value.length === 0
        ? <p>No backups yet. One is made automatically before each database update, import or restore.</p>
        : (
          <table class="backups">
            <caption class="visually-hidden">Backups, newest first</caption>
            <thead><tr><th scope="col">Taken</th><th scope="col">When</th><th scope="col">Schema version</th><th scope="col">Size</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {backups.value.map((b) => (
                <tr key={b.name} data-backup={b.name}>
                  <td>{KIND_TEXT[b.kind]}</td>
                  <td><time dateTime={b.createdAt}>{formatDate(b.createdAt)}</time></td>
                  <td>{b.fromVersion ?? 'unknown'}</td>
                  <td>{formatBytes(b.size)}</td>
                  <td class="row-actions">
                    <button type="button" onClick={() => saveBackup(b)} aria-label={`Download backup ${b.name}`} disabled={!!busy}>Download</button>
                    <button type="button" onClick={() => restore(`the backup ${b.name}`, { backup: b.name })} aria-label={`Restore backup ${b.name}`} disabled={!!busy}>Restore</button>
                    <button type="button" onClick={() => remove(b)} aria-label={`Delete backup ${b.name}`} disabled={!!busy}>Delete</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
