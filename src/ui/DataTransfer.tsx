import { useRef, useState } from 'preact/hooks';
import type { DatabaseClient } from './database-client.ts';
import { IMPORT_LIMITS, megabytes } from '../db/domain/limits.ts';
import { hasSqliteHeader } from '../db/sqlite/sqlite-bytes.ts';
import { download } from './format.ts';

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
    if (file.size > IMPORT_LIMITS.bytes) {
      setMessage({ text: `${file.name} is too large (${megabytes(file.size)}; at most ${megabytes(IMPORT_LIMITS.bytes)}). Nothing was imported.`, error: true });
      return;
    }
    setBusy(`Importing ${file.name}…`);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const r = hasSqliteHeader(bytes) ? await db.importDatabaseFile(bytes) : await db.importJson(new TextDecoder().decode(bytes));
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
