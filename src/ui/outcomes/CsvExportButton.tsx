// "Export history (CSV)": every proposal with its outcome, dates, deal and outcome changes, for a
// spreadsheet. The CSV writer is fetched on the first click only.
import { useState } from 'preact/hooks';
import { csvExportName } from '../../db/domain/file-names.ts';
import type { DatabaseClient } from '../database-client.ts';
import { download } from '../format.ts';
import { NoticeLine, useNotice } from '../notice.tsx';

export function CsvExportButton({ db }: { db: DatabaseClient }) {
  const { notice, setNotice, attempt } = useNotice();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    await attempt('The CSV export failed', async () => {
      const [rows, { historyCsv }] = await Promise.all([db.historyRows(), import('./history-csv.ts')]);
      const name = csvExportName();
      download(new TextEncoder().encode(historyCsv(rows)), name, 'text/csv');
      setNotice({ text: `Exported ${rows.length} proposal${rows.length === 1 ? '' : 's'} to ${name}`, tone: 'ok' });
    });
    setBusy(false);
  };
  return (
    <>
      <button type="button" onClick={() => void run()} disabled={busy}>Export history (CSV)</button>
      <NoticeLine notice={notice} />
    </>
  );
}
