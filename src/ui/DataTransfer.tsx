import { useRef, useState } from 'preact/hooks';
import type { DatabaseClient } from './database-client.ts';
import { download } from './format.ts';

const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** Export to JSON, import JSON or a whole database file: checked before anything is written. */
export function DataTransfer({ db, onImported }: { db: DatabaseClient; onImported: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const exportJson = async () => {
    setBusy('Exporting…');
    try {
      const { name, text, count } = await db.exportJson();
      download(new TextEncoder().encode(text), name, 'application/json');
      setMessage({ text: `Exported ${count} proposal${count === 1 ? '' : 's'} to ${name}` });
    } catch (e) {
      setMessage({ text: `Export failed: ${(e as Error).message}`, error: true });
    } finally {
      setBusy(null);
    }
  };

  const importFile = async (file: File) => {
    setMessage(null);
    if (file.size > MAX_FILE_BYTES) {
      setMessage({ text: `${file.name} is too large (${(file.size / 1048576).toFixed(0)} MB; at most ${MAX_FILE_BYTES / 1048576} MB). Nothing was imported.`, error: true });
      return;
    }
    setBusy(`Importing ${file.name}…`);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const isDatabase = new TextDecoder('latin1').decode(bytes.subarray(0, 15)) === 'SQLite format 3';
      const r = isDatabase ? await db.importDatabaseFile(bytes) : await db.importJson(new TextDecoder().decode(bytes));
      const backup = 'backup' in r && r.backup ? ` Your database was backed up first (${r.backup}).` : '';
      setMessage({ text: `Imported ${file.name}: ${r.added} proposal${r.added === 1 ? '' : 's'} added, ${r.alreadyThere} already there.${backup}` });
      onImported();
    } catch (e) {
      setMessage({ text: `${file.name} was not imported: ${(e as Error).message} Nothing was changed.`, error: true });
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <section aria-labelledby="transfer-title">
      <h2 id="transfer-title">Export and import</h2>
      <p class="fine">JSON exports use the desktop app's format and include your settings, never your API key. An import adds only proposals that are not already here, all at once or not at all.</p>
      <div class="actions">
        <button type="button" onClick={() => void exportJson()} disabled={!!busy}>Export proposals (JSON)</button>
        <button type="button" onClick={() => input.current?.click()} disabled={!!busy}>Import a file…</button>
        <input ref={input} type="file" accept=".json,application/json,.sqlite3,.sqlite,.db,application/vnd.sqlite3" class="visually-hidden"
          aria-label="Import a JSON export or a database file" tabIndex={-1}
          onChange={(e) => { const f = e.currentTarget.files?.[0]; if (f) void importFile(f); }} />
      </div>
      {busy && <p role="status">{busy}</p>}
      {message && <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'ok'}>{message.text}</p>}
    </section>
  );
}
