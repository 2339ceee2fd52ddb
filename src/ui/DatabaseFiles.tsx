import { useRef, useState } from 'preact/hooks';
import type { BackupInfo, BackupKind, ImportProgress, RestoreSource } from '../db/api.ts';
import { tooLarge } from '../db/domain/limits.ts';
import { useConfirm } from './ConfirmDialog.tsx';
import type { DatabaseClient } from './database-client.ts';
import { useDataChanges, useImportProgress } from './data-changes.ts';
import { DATABASE_FILE_TYPES, describeNotes, pickDatabaseFile, progressText, readBytes } from './database-files.ts';
import { download, formatBytes, formatDate } from './format.ts';
import { startAgainAfterRestore } from './restored.ts';
import { failureNotice, NoticeLine, useNotice } from './notice.tsx';
import { useAsync } from './use-async.ts';

const KIND_TEXT: Record<BackupKind, string> = { update: 'Before an update', import: 'Before an import', restore: 'Before a restore', manual: 'Made by you' };

/**
 * The backups (make one now, download, restore, delete), the database file, and replacing the
 * database with a file. Always reachable, even after a failed start-up (`canBackUp` false there:
 * there is no open database to copy).
 */
export function DatabaseFiles({ db, showCurrent = true, canBackUp = false }: { db: DatabaseClient; showCurrent?: boolean; canBackUp?: boolean }) {
  const [backups, reload] = useAsync(() => db.listBackups());
  // Backups made or deleted here or in another tab: the list follows.
  useDataChanges((c) => { if (c.backups) reload(); });
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  useImportProgress((p) => setProgress(p));
  const { notice, setNotice, attempt } = useNotice();
  const { dialog, ask } = useConfirm();
  const input = useRef<HTMLInputElement>(null);

  const backUpNow = async () => {
    setBusy('Backing up…');
    const name = await attempt('No backup was made', () => db.backupNow());
    setBusy(null);
    if (name) setNotice({ text: `Backed up: ${name}. It is listed below; download it to keep a copy outside this browser.`, tone: 'ok' });
  };
  const saveCurrent = async () => {
    const file = await attempt('The database file could not be downloaded', () => db.exportDatabase());
    if (file) download(file.bytes, file.name);
  };
  const saveBackup = async (b: BackupInfo) => {
    const bytes = await attempt(`The backup ${b.name} could not be downloaded`, () => db.readBackup(b.name));
    if (bytes) download(bytes, b.name);
  };
  const remove = async (b: BackupInfo) => {
    const yes = await ask({
      title: 'Delete this backup?', yes: 'Delete the backup', no: 'Keep it', danger: true,
      body: <p>The backup from {formatDate(b.createdAt)} ({formatBytes(b.size)}) is deleted for good. Your proposals now are not touched.</p>,
    });
    if (!yes) return;
    const deleted = await attempt('The backup could not be deleted', async () => { await db.deleteBackup(b.name); return true; });
    if (deleted) setNotice({ text: `Deleted the backup ${b.name}.`, tone: 'ok' });
  };
  const restore = async (what: string, source: RestoreSource) => {
    const yes = await ask({
      title: 'Replace all your data?', yes: 'Replace my data', no: 'Keep my data',
      body: <p>Every proposal and setting becomes the one in {what}. What you have now is backed up first, so this can be undone by restoring that backup.</p>,
    });
    if (!yes) return;
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
      <h2 id="rescue-title">Backups</h2>
      <p class="fine">A backup is a copy of all your proposals and settings, kept in this browser. One is made before every update, import and restore, and whenever you ask. Download one now and then to keep a copy outside this browser.</p>
      <div class="actions">
        {canBackUp && <button type="button" class="primary" onClick={() => void backUpNow()} disabled={!!busy}>Back up now</button>}
        {showCurrent && <button type="button" onClick={saveCurrent} disabled={!!busy}>Download the database file</button>}
      </div>
      {busy && <p role="status">{busy}{progress && ` ${progressText(progress)}`}</p>}
      <NoticeLine notice={notice} />
      {backups.status === 'loading' && <p>Looking for backups…</p>}
      {backups.status === 'error' && <NoticeLine notice={failureNotice('Backups could not be listed', backups.error)} />}
      {backups.status === 'done' && (backups.value.length === 0
        ? <p>No backups yet. One is made automatically before each database update, import or restore.</p>
        : (
          <ul class="backup-list" aria-label="Backups, newest first">
            {backups.value.map((b) => (
              <li key={b.name} data-backup={b.name}>
                <div class="backup-what">
                  <strong><time dateTime={b.createdAt}>{formatDate(b.createdAt)}</time></strong>
                  <span>{KIND_TEXT[b.kind]} · {formatBytes(b.size)}</span>
                  <span class="fine backup-name">{b.name}</span>
                </div>
                <div class="row-actions">
                  <button type="button" onClick={() => saveBackup(b)} aria-label={`Download backup ${b.name}`} disabled={!!busy}>Download</button>
                  <button type="button" onClick={() => restore(`the backup ${b.name}`, { backup: b.name })} aria-label={`Restore backup ${b.name}`} disabled={!!busy}>Restore</button>
                  <button type="button" onClick={() => remove(b)} aria-label={`Delete backup ${b.name}`} disabled={!!busy}>Delete</button>
                </div>
              </li>
            ))}
          </ul>
        ))}
      <h3>Restore from a file</h3>
      <p class="fine">A backup you downloaded, or a database file from the desktop app, becomes your data: it is checked first, and what you have now is backed up. To add a file's proposals to yours instead, use Import below.</p>
      <div class="actions">
        <button type="button" onClick={() => input.current?.click()} disabled={!!busy}>Replace the database with a file…</button>
        <input ref={input} type="file" multiple accept={DATABASE_FILE_TYPES} class="visually-hidden"
          aria-label="Replace the database with a database file (and its -wal, if one is beside it)" tabIndex={-1}
          onChange={(e) => { const f = [...(e.currentTarget.files ?? [])]; if (f.length) void restoreFiles(f); }} />
      </div>
      {dialog}
    </section>
  );
}
