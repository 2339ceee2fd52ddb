// JSON export and import of proposals (and settings, never the API key).
import { withTransaction, type Db } from './db.ts';
import { ImportFileError, parseExportFile, type ExportedProposal, type ExportFile } from './export-format.ts';
import { asSource, asStatus } from './proposal.ts';
import { GUARDED_SETTINGS, normaliseSettings, SECRET_SETTING_KEY, SettingsError, settingsFromStoredKeys, type Settings } from './settings.ts';
import { getSettings, writeSettings } from './settings-repo.ts';

export interface ImportSummary {
  added: number;
  alreadyThere: number;
  settingsApplied: number;
  /** Guarded settings of the file that differ from this browser's and were not applied ('keep'). */
  settingsKept: number;
}

/** What to do with a file's guarded settings: keep this browser's (the default), or take the file's. */
export type ImportedSettingsChoice = 'keep' | 'take';

/** A guarded setting the file would change: this browser's value and the file's. */
export interface SettingDifference {
  field: keyof Settings;
  mine: string;
  theirs: string;
}

/** The guarded settings this file would change, as they would be once normalised. */
export function guardedDifferences(db: Db, file: ExportFile): SettingDifference[] {
  const mine = getSettings(db);
  const theirs = normaliseSettings({ ...mine, ...settingsFromStoredKeys(file.settings ?? {}) });
  return GUARDED_SETTINGS.filter((f) => String(theirs[f]) !== String(mine[f])).map((f) => ({ field: f, mine: String(mine[f]), theirs: String(theirs[f]) }));
}

export interface JsonImportPreview {
  proposals: number;
  differences: SettingDifference[];
}

/** Reads a JSON export without importing it: how many proposals, which guarded settings it would change. */
export function previewJsonImport(db: Db, text: string): JsonImportPreview {
  const file = parseExportFile(text);
  return { proposals: file.proposals.length, differences: guardedDifferences(db, file) };
}

const contentKey = (job: string, text: string) => `${job}\u0000${text}`;

export function buildExport(db: Db, appVersion: string, now = new Date()): ExportFile {
  const versions = new Map<number, ExportedProposal['versions']>();
  for (const v of db.query(
    `SELECT v.proposal_id, v.generated_text, v.source, v.model, v.created_at, v.written_at, v.id = p.sent_version_id AS sent
     FROM proposal_versions v JOIN proposals p ON p.id = v.proposal_id ORDER BY v.id`,
  )) {
    const list = versions.get(Number(v.proposal_id)) ?? [];
    const source = asSource(v.source);
    list.push({
      generated_text: String(v.generated_text), source, model: source === 'generated' && v.model !== null ? String(v.model) : null,
      created_at: String(v.created_at), written_at: v.written_at === null ? null : String(v.written_at), ...(Number(v.sent) === 1 ? { sent: true } : {}),
    });
    versions.set(Number(v.proposal_id), list);
  }
  const proposals = db.query(
    `SELECT id, job_content, generated_text, created_at, updated_at, job_url, client_name, status, sent_at, text_source, text_model, text_written_at
     FROM proposals WHERE deleted_at IS NULL ORDER BY id`,
  ).map((r): ExportedProposal => ({
    id: Number(r.id),
    job_content: String(r.job_content),
    generated_text: String(r.generated_text),
    created_at: String(r.created_at),
    updated_at: r.updated_at === null ? null : String(r.updated_at),
    job_url: r.job_url === null ? null : String(r.job_url),
    client_name: r.client_name === null ? null : String(r.client_name),
    status: asStatus(r.status),
    sent_at: r.sent_at === null ? null : String(r.sent_at),
    text_source: r.text_source === null ? null : asSource(r.text_source),
    text_model: r.text_source === 'generated' && r.text_model !== null ? String(r.text_model) : null,
    text_written_at: r.text_written_at === null ? null : String(r.text_written_at),
    versions: versions.get(Number(r.id)) ?? [],
  }));
  const settings = Object.fromEntries(
    db.query('SELECT key, value FROM settings WHERE key <> ? ORDER BY key', [SECRET_SETTING_KEY]).map((r) => [String(r.key), String(r.value)]),
  );
  return {
    metadata: { export_date: now.toISOString(), app_version: appVersion, proposal_count: proposals.length },
    proposals,
    settings,
  };
}

/**
 * Adds the file's proposals that are not already here (same job post and same proposal text),
 * in one transaction: a failure part-way leaves the database as it was.
 */
export function importExport(db: Db, file: ExportFile, choice: ImportedSettingsChoice = 'keep'): ImportSummary {
  return withTransaction(db, () => {
    const known = new Set(
      db.query('SELECT job_content, generated_text FROM proposals WHERE deleted_at IS NULL').map((r) => contentKey(String(r.job_content), String(r.generated_text))),
    );
    const summary: ImportSummary = { added: 0, alreadyThere: 0, settingsApplied: 0, settingsKept: 0 };
    for (const p of file.proposals) {
      const key = contentKey(p.job_content, p.generated_text);
      if (known.has(key)) { summary.alreadyThere++; continue; }
      known.add(key);
      const [row] = db.query(
        `INSERT INTO proposals (job_content, generated_text, created_at, updated_at, job_url, client_name, status, sent_at, text_source, text_model, text_written_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [p.job_content, p.generated_text, p.created_at, p.updated_at, p.job_url ?? null, p.client_name ?? null, p.status ?? 'draft',
          p.sent_at ?? null, p.text_source ?? null, p.text_model ?? null, p.text_written_at ?? null],
      );
      for (const v of p.versions ?? []) {
        const [kept] = db.query(
          `INSERT INTO proposal_versions (proposal_id, generated_text, source, model, created_at, written_at) VALUES (?, ?, ?, ?, coalesce(?, datetime('now')), ?) RETURNING id`,
          [Number(row.id), v.generated_text, v.source ?? 'edited', v.model ?? null, v.created_at ?? null, v.written_at ?? null],
        );
        if (v.sent && p.status === 'sent') db.query('UPDATE proposals SET sent_version_id = ? WHERE id = ?', [Number(kept.id), Number(row.id)]);
      }
      summary.added++;
    }
    // Settings go through the same checks as the Settings screen: a file cannot set what the user could not.
    // Those that decide where requests go, or what they carry, only if the user chose to take them.
    const wanted = settingsFromStoredKeys(file.settings ?? {});
    if (choice === 'keep') {
      summary.settingsKept = guardedDifferences(db, file).length;
      for (const f of GUARDED_SETTINGS) delete wanted[f];
    }
    try {
      summary.settingsApplied = writeSettings(db, wanted).changed;
    } catch (e) {
      if (e instanceof SettingsError) throw new ImportFileError(`The file's settings cannot be used: ${e.message}`);
      throw e;
    }
    return summary;
  }, true);
}

/** A JSON export's text, checked whole, then imported in one transaction. */
export const importJsonText = (db: Db, text: string, choice: ImportedSettingsChoice = 'keep'): ImportSummary =>
  importExport(db, parseExportFile(text), choice);
