// "Export history (CSV)": every proposal with its outcome, dates, deal and outcome changes, for a
// spreadsheet. The CSV writer is fetched on the first click only.
import { useState } from 'preact/hooks';
import { csvExportName } from '../../db/domain/file-names.ts';
import type { DatabaseClient } from '../database-client.ts';
import { download } from '../format.ts';

export function CsvExportButton({ db }: { db: DatabaseClient }) {
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const [rows, { historyCsv }] = await Promise.all([db.historyRows(), import('./history-csv.ts')]);
      const name = csvExportName();
      download(new TextEncoder().encode(historyCsv(rows)), name, 'text/csv');
      setMessage({ text: `Exported ${rows.length} proposal${rows.length === 1 ? '' : 's'} to ${name}` });
    } catch (e) {
      setMessage({ text: `CSV export failed: ${(e as Error).message}`, error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void run()} disabled={busy}>Export history (CSV)</button>
      {message && <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'ok'}>{message.text}</p>}
    </>
  );
}
