import type { BackupInfo } from '../db/api.ts';
import type { DatabaseClient } from './database-client.ts';
import { useDataChanges } from './data-changes.ts';
import { download, formatBytes, formatDate } from './format.ts';
import { useAsync } from './use-async.ts';

/** Download the current database file and every backup: always reachable, even after a failure. */
export function RescueDownloads({ db, showCurrent = true }: { db: DatabaseClient; showCurrent?: boolean }) {
  const [backups, reload] = useAsync(() => db.listBackups());
  // An import in this tab or another one backs the database up first: the list follows.
  useDataChanges(reload);
  const saveCurrent = async () => {
    try {
      const { name, bytes } = await db.exportDatabase();
      download(bytes, name);
    } catch (e) {
      alert(`The database file could not be downloaded: ${(e as Error).message}`);
    }
  };
  const saveBackup = async (b: BackupInfo) => download(await db.readBackup(b.name), b.name);
  return (
    <section aria-labelledby="rescue-title" class="rescue">
      <h2 id="rescue-title">Your data</h2>
      {showCurrent && <button type="button" onClick={saveCurrent}>Download the database file</button>}
      <h3>Backups</h3>
      {backups.status === 'loading' && <p>Looking for backups…</p>}
      {backups.status === 'error' && <p role="alert">Backups could not be listed: {backups.error.message}</p>}
      {backups.status === 'done' && (backups.value.length === 0
        ? <p>No backups yet. One is made automatically before each database update.</p>
        : (
          <ul class="backups">
            {backups.value.map((b) => (
              <li key={b.name}>
                <span>Before the update from version {b.fromVersion}, {formatDate(b.createdAt)} ({formatBytes(b.size)})</span>
                <button type="button" onClick={() => saveBackup(b)} aria-label={`Download backup ${b.name}`}>Download</button>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
