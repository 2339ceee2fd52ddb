import { useState } from 'preact/hooks';
import type { DatabaseClient } from './database-client.ts';
import { useDataChanges } from './data-changes.ts';
import { formatBytes, formatDate } from './format.ts';
import { DataTransfer } from './DataTransfer.tsx';
import { DatabaseFiles } from './DatabaseFiles.tsx';
import { SyncPanel } from './SyncPanel.tsx';
import { nearQuota, requestPersistence, useStorageStatus, type StorageStatus } from './storage-status.ts';
import { failureNotice, NoticeLine } from './notice.tsx';
import { useAsync } from './use-async.ts';

/**
 * Your data, for a person first: what there is and where, keeping it on this device, backing up
 * and restoring, export and import; the technical facts (schema, SQLite, migrations) folded below.
 */
export function DatabasePanel({ db }: { db: DatabaseClient }) {
  const [info, reload] = useAsync(() => Promise.all([db.info(), db.listProposals(0, 1), db.listTrash()]));
  useDataChanges(reload);
  const [storage, refreshStorage] = useStorageStatus();
  if (info.status === 'loading') return <p role="status">Reading the database…</p>;
  if (info.status === 'error') return <NoticeLine notice={failureNotice('The database could not be read', info.error)} />;
  const [i, { total }, trash] = info.value;
  const r = i.lastReport;
  return (
    <section aria-labelledby="db-title" class="panel">
      <h1 id="db-title">Your data</h1>
      <p class="data-summary" data-testid="data-summary">
        {total} proposal{total === 1 ? '' : 's'}{trash.length ? ` (and ${trash.length} in the trash)` : ''}, {formatBytes(i.databaseBytes)},{' '}
        {i.persistent ? 'kept in this browser on this device. Nothing leaves it unless you export or download it.' : 'in a temporary database: closing this tab loses it.'}
      </p>
      {i.persistent && storage && <KeepData status={storage} onChange={refreshStorage} />}
      {i.persistent && <SyncPanel db={db} />}
      {i.persistent && <DatabaseFiles db={db} canBackUp />}
      <DataTransfer db={db} onImported={reload} />
      <details class="technical">
        <summary>Technical details</summary>
        <dl class="facts">
          <dt>Schema version</dt><dd data-testid="schema-version">{i.schemaVersion}</dd>
          <dt>Storage</dt><dd>{i.persistent ? `Saved in this browser (OPFS, ${i.vfs} VFS)` : 'Memory only: not saved'}</dd>
          <dt>File</dt><dd>{i.fileName} ({formatBytes(i.databaseBytes)})</dd>
          <dt>Storage used by this site</dt>
          <dd data-testid="storage-used">{formatBytes(storage?.usage ?? i.storageUsage)} of {formatBytes(storage?.quota ?? i.storageQuota)}</dd>
          <dt>SQLite</dt><dd>{i.sqliteVersion}</dd>
          <dt>Last start-up</dt>
          <dd>
            {r.fromImage
              ? `Created at version ${r.toVersion}, its migrations' result copied in as the app was built (history checked), in ${r.totalMs.toFixed(1)} ms`
              : r.applied.length
              ? `Updated from version ${r.fromVersion} to ${r.toVersion} in ${r.totalMs.toFixed(1)} ms${r.backup ? `, after backing up to ${r.backup}` : ''}`
              : `Nothing to update (checked in ${r.totalMs.toFixed(1)} ms)`}
          </dd>
        </dl>
        <h2>Migration history</h2>
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Migration history">
          <table>
            <caption class="visually-hidden">Applied migrations, as recorded in refinery_schema_history</caption>
            <thead><tr><th scope="col">Version</th><th scope="col">Name</th><th scope="col">Applied on</th><th scope="col">Checksum</th></tr></thead>
            <tbody>
              {i.history.map((h) => (
                <tr key={h.version}>
                  <td>{h.version}</td><td>{h.name}</td>
                  <td><time dateTime={h.appliedOn} title={h.appliedOn}>{formatDate(h.appliedOn)}</time><span class="raw"> {h.appliedOn}</span></td>
                  <td><code>{h.checksum}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** Whether the browser may clear this site's data to make room, and a way to ask it not to. */
function KeepData({ status, onChange }: { status: StorageStatus; onChange: () => void }) {
  const [refused, setRefused] = useState(false);
  const ask = async () => {
    setRefused(!(await requestPersistence(true)));
    onChange();
  };
  return (
    <section aria-labelledby="keep-title">
      <h2 id="keep-title">Keeping your data</h2>
      {status.persisted
        ? <p data-testid="persistence">Persistent: this browser will not delete the app's data to make room; only you can, by clearing this site's data.</p>
        : (
          <>
            <p data-testid="persistence">Not persistent: when the device runs low on space, this browser may delete the app's data, your proposals with it, without asking. Download a backup now and then, or ask the browser to keep it.</p>
            <button type="button" onClick={() => void ask()}>Keep my data on this device</button>
            {refused && <p role="status">The browser said no for now (Chrome decides from how often you use the app, or if it is installed or bookmarked); it is asked again after you save a proposal.</p>}
          </>
        )}
      {nearQuota(status) && (
        <p role="alert" class="error">Storage is almost full: {formatBytes(status.usage)} of {formatBytes(status.quota)} used. New work may not be saved: download a backup, then delete old backups below.</p>
      )}
    </section>
  );
}
