import { useRef, useState } from 'preact/hooks';
import { CsvExportButton } from './outcomes/CsvExportButton.tsx';
import type { ImportedSettingsChoice, ImportProgress, SettingDifference } from '../db/api.ts';
import { useImportProgress } from './data-changes.ts';
import type { DatabaseClient } from './database-client.ts';
import { tooLarge } from '../db/domain/limits.ts';
import { hasSqliteHeader } from '../db/domain/sqlite-header.ts';
import { DATABASE_FILE_TYPES, describeNotes, pickDatabaseFile, progressText, readBytes } from './database-files.ts';
import { download } from './format.ts';
import { failureNotice, NoticeLine, useNotice } from './notice.tsx';
import { SHORTCUTS } from './shortcuts.ts';
import { useModal } from './ConfirmDialog.tsx';

/** Export to JSON, import JSON or a whole database file: checked before anything is written. */
export function DataTransfer({ db, onImported }: { db: DatabaseClient; onImported: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  useImportProgress((p) => setProgress(p));
  const { notice, setNotice } = useNotice();
  const input = useRef<HTMLInputElement>(null);
  // A JSON file that would change where requests go: the user answers before anything is imported.
  const [asking, setAsking] = useState<{ differences: SettingDifference[]; answer: (c: ImportedSettingsChoice | null) => void } | null>(null);
  // The first answer counts: the dialog's close event after a button's answer changes nothing.
  const ask = (differences: SettingDifference[]) => new Promise<ImportedSettingsChoice | null>((resolve) => {
    setAsking({ differences, answer: (c) => { setAsking(null); resolve(c); } });
  });

  const exportJson = async () => {
    setBusy('Exporting…');
    try {
      const { name, text, count } = await db.exportJson();
      download(new TextEncoder().encode(text), name, 'application/json');
      setNotice({ text: `Exported ${count} proposal${count === 1 ? '' : 's'} to ${name}`, tone: 'ok' });
    } catch (e) {
      setNotice(failureNotice('Export failed', e));
    } finally {
      setBusy(null);
    }
  };

  const importFiles = async (files: File[]) => {
    const chosen = pickDatabaseFile(files);
    if (typeof chosen === 'string') {
      setNotice({ text: `${chosen} Nothing was imported.`, tone: 'error' });
      if (input.current) input.current.value = '';
      return;
    }
    await importFile(chosen.file, chosen.wal);
  };

  const importFile = async (file: File, walFile?: File) => {
    setNotice(null);
    const refused = tooLarge(file.size);
    if (refused) {
      setNotice({ text: `${file.name} ${refused}. Nothing was imported.`, tone: 'error' });
      return;
    }
    setBusy(`Importing ${file.name}…`);
    setProgress(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let r;
      let notes = '';
      if (hasSqliteHeader(bytes)) {
        r = await db.importDatabaseFile(bytes, walFile && await readBytes(walFile));
        notes = describeNotes(file.name, r);
      }
      else {
        const text = new TextDecoder().decode(bytes);
        const { differences } = await db.previewJsonImport(text);
        const choice = differences.length ? await ask(differences) : 'keep';
        if (!choice) { setNotice({ text: `${file.name} was not imported: you cancelled. Nothing was changed.`, tone: 'ok' }); return; }
        r = await db.importJson(text, choice);
      }
      const backup = 'backup' in r && r.backup ? ` Your database was backed up first (${r.backup}).` : '';
      const kept = r.settingsKept ? ` Your AI provider and profile settings were kept (the file's ${r.settingsKept} different one${r.settingsKept === 1 ? ' was' : 's were'} not applied).` : '';
      setNotice({ text: `Imported ${file.name}: ${r.added} proposal${r.added === 1 ? '' : 's'} added, ${r.alreadyThere} already there.${notes}${backup}${kept}`, tone: 'ok' });
      onImported();
    } catch (e) {
      setNotice(failureNotice(`${file.name} was not imported`, e, ' Nothing was changed.'));
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <section aria-labelledby="transfer-title">
      <h2 id="transfer-title">Export and import</h2>
      <p class="fine">JSON exports keep everything, the desktop app's records too, and your settings, never your API key. An import (this app's JSON, the desktop app's JSON export or database, with its -wal if one is beside it) adds only proposals that are not already here, all at once or not at all; it changes your AI provider, base URL, model, prompt template, profile or theme only if you say so.</p>
      <div class="actions">
        <button type="button" onClick={() => void exportJson()} disabled={!!busy}>Export proposals (JSON)</button>
        <CsvExportButton db={db} />
        <button type="button" onClick={() => input.current?.click()} disabled={!!busy}>Import a file…</button>
        <input ref={input} type="file" multiple accept={`.json,application/json,${DATABASE_FILE_TYPES}`} class="visually-hidden"
          aria-label="Import a JSON export or a database file" tabIndex={-1}
          onChange={(e) => { const f = [...(e.currentTarget.files ?? [])]; if (f.length) void importFiles(f); }} />
      </div>
      {asking && <ImportedSettingsDialog differences={asking.differences} onAnswer={asking.answer} />}
      {/* While the dialog asks, nothing is being imported: "Importing…" would say otherwise. */}
      {busy && !asking && <p role="status">{busy}{progress && ` ${progressText(progress)}`}</p>}
      <NoticeLine notice={notice} />
    </section>
  );
}

const SETTING_LABELS: Record<string, string> = {
  provider: 'AI provider', baseUrl: 'Base URL (where requests and your API key go)', model: 'Model',
  promptTemplate: 'Prompt template', profileName: 'Your name', profileSkills: 'Your skills',
  profileExperience: 'Your experience', profileTone: 'Tone', theme: 'Theme',
};

const shorten = (v: string) => (v.length > 120 ? `${v.slice(0, 117)}…` : v) || '(empty)';

/**
 * Asks before a file changes the settings that decide where requests go: "Keep mine" is the default.
 * A modal <dialog>: the page behind is inert (Tab never reaches it), and Escape (its cancel) cancels
 * the import wherever the focus was.
 */
function ImportedSettingsDialog({ differences, onAnswer }: { differences: SettingDifference[]; onAnswer: (c: ImportedSettingsChoice | null) => void }) {
  const { dialog, safe: keep } = useModal();
  return (
    <dialog ref={dialog} class="dialog" role="alertdialog" aria-labelledby="import-settings-title" aria-describedby="import-settings-body"
      onCancel={(e) => { e.preventDefault(); onAnswer(null); }} onClose={() => onAnswer(null)}>
      <h3 id="import-settings-title">This file would change your AI settings</h3>
      <p id="import-settings-body">It names another provider, address, model, prompt, profile or theme than yours. Taking them would send your API key and your job posts where the file says. Keep yours unless you made this file.</p>
      <table>
        <thead><tr><th scope="col">Setting</th><th scope="col">Yours</th><th scope="col">The file's</th></tr></thead>
        <tbody>
          {differences.map((d) => (
            <tr key={d.field}><th scope="row">{SETTING_LABELS[d.field] ?? d.field}</th><td title={d.mine} dir="auto">{shorten(d.mine)}</td><td title={d.theirs} dir="auto">{shorten(d.theirs)}</td></tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <button type="button" class="primary" ref={keep} onClick={() => onAnswer('keep')}>Keep my settings</button>
        <button type="button" onClick={() => onAnswer('take')}>Use the file's settings</button>
        <button type="button" onClick={() => onAnswer(null)} title={SHORTCUTS.cancel.label}>Cancel the import</button>
      </div>
    </dialog>
  );
}
