// JSON export and import of proposals (and settings, never the API key).
import { desktopWriter, readStoredDesktop } from '../desktop/desktop-store.ts';
import { withTransaction, type Db } from './db.ts';
import { ImportFileError, parseExportFile, type ExportedProposal, type ExportFile } from './export-format.ts';
import { asSource, asStatus } from './proposal.ts';
import { GUARDED_SETTINGS, normaliseSettings, SECRET_SETTING_KEY, SettingsError, settingsFromStoredKeys, type Settings } from './settings.ts';
import { getSettings, writeSettings } from './settings-repo.ts';
import { outcomeHistory, updateDeal, writeOutcomeHistory } from './outcomes-repo.ts';
import { asOutcome, toDeal } from './outcomes.ts';

/** How far an import is: reading the file, or adding its proposals (told every few hundred). */
export interface ImportProgress {
  step: 'reading' | 'adding';
  done: number;
  total: number;
}
export type OnImportProgress = (p: ImportProgress) => void;
/** Every how many proposals an import tells how far it is. */
export const PROGRESS_EVERY = 250;

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

/** A proposal's outcome, its history and its deal as the file has them. */
function exportedOutcome(db: Db, r: Record<string, unknown>): Partial<ExportedProposal> {
  const deal = toDeal(r);
  return {
    outcome: asOutcome(r.outcome),
    outcome_history: outcomeHistory(db, Number(r.id)).map((c) => ({ outcome: c.outcome, changed_at: c.changedAt })),
    bid_amount: deal.bidAmount, bid_type: deal.bidType, bid_currency: deal.bidCurrency,
    connects_spent: deal.connectsSpent, contract_value: deal.contractValue,
    generated_provider: r.generated_provider as string | null, generated_model: r.generated_model as string | null,
    generated_template: r.generated_template as string | null,
  };
}

/**
 * A new proposal's outcome from the file: its history if it has one, else its outcome dated when
 * the proposal last changed (a file from before V7 has neither: its status 'sent' made it Sent,
 * by the trigger, dated alike), and its deal.
 */
function importOutcome(db: Db, id: number, p: ExportedProposal, existing: boolean): void {
  const history = p.outcome_history?.length ? p.outcome_history
    : p.outcome && p.outcome !== 'draft' ? [{ outcome: p.outcome, changed_at: p.updated_at ?? p.created_at }]
    : [];
  if (existing) {
    // A proposal already here keeps its own history: the file's changes it lacks are added (the
    // newest becomes its outcome, as always), so the same file twice adds nothing.
    for (const c of history) {
      db.query(`INSERT INTO proposal_outcomes (proposal_id, outcome, changed_at) SELECT ?, ?, datetime(?)
        WHERE NOT EXISTS (SELECT 1 FROM proposal_outcomes WHERE proposal_id = ? AND outcome = ? AND changed_at = datetime(?))`,
      [id, c.outcome, c.changed_at, id, c.outcome, c.changed_at]);
    }
    db.query(`UPDATE proposals SET sent_at = coalesce(sent_at, outcome_changed_at) WHERE id = ? AND status = 'sent'`, [id]);
    return;
  }
  if (history.length) {
    db.query('DELETE FROM proposal_outcomes WHERE proposal_id = ?', [id]); // the one the trigger made from status
    db.query(`UPDATE proposals SET outcome = 'draft', outcome_changed_at = NULL WHERE id = ?`, [id]);
    writeOutcomeHistory(db, id, history.map((c) => ({ outcome: c.outcome, changedAt: c.changed_at })));
  }
  db.query('UPDATE proposals SET generated_provider = ?, generated_model = ?, generated_template = ? WHERE id = ?',
    [p.generated_provider ?? null, p.generated_model ?? null, p.generated_template ?? null, id]);
  updateDeal(db, id, {
    bidAmount: p.bid_amount ?? null, bidType: p.bid_type ?? null, bidCurrency: p.bid_currency ?? null,
    connectsSpent: p.connects_spent ?? null, contractValue: p.contract_value ?? null,
  });
}

const contentKey = (job: string, text: string) => `${job}\u0000${text}`;

export function buildExport(db: Db, appVersion: string, now = new Date()): ExportFile {
  const desktop = readStoredDesktop(db);
  const versions = new Map<number, ExportedProposal['versions']>();
  for (const v of db.query(
    `SELECT v.id, v.proposal_id, v.generated_text, v.source, v.model, v.created_at, v.written_at, v.id = p.sent_version_id AS sent
     FROM proposal_versions v JOIN proposals p ON p.id = v.proposal_id ORDER BY v.id`,
  )) {
    const list = versions.get(Number(v.proposal_id)) ?? [];
    const source = asSource(v.source);
    const record = desktop.versions.get(Number(v.id));
    list.push({
      generated_text: String(v.generated_text), source, model: source === 'generated' && v.model !== null ? String(v.model) : null,
      created_at: String(v.created_at), written_at: v.written_at === null ? null : String(v.written_at), ...(Number(v.sent) === 1 ? { sent: true } : {}),
      ...(record ? { desktop: record } : {}),
    });
    versions.set(Number(v.proposal_id), list);
  }
  const proposals = db.query(
    `SELECT id, job_content, generated_text, created_at, updated_at, job_url, client_name, status, sent_at, text_source, text_model, text_written_at,
       outcome, bid_amount, bid_type, bid_currency, connects_spent, contract_value,
       generated_provider, generated_model, generated_template
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
    ...exportedOutcome(db, r),
    ...(desktop.proposals.has(Number(r.id)) ? { desktop: desktop.proposals.get(Number(r.id)) } : {}),
  }));
  const settings = Object.fromEntries(
    db.query('SELECT key, value FROM settings WHERE key <> ? ORDER BY key', [SECRET_SETTING_KEY]).map((r) => [String(r.key), String(r.value)]),
  );
  return {
    metadata: { export_date: now.toISOString(), app_version: appVersion, proposal_count: proposals.length },
    proposals,
    settings,
    ...(desktop.lists ? { desktop: desktop.lists } : {}),
  };
}

const versionKey = (text: string, createdAt: unknown) => `${text}\u0000${createdAt ?? ''}`;

/**
 * Adds `versions` to a proposal; to one that was already here, only those it does not have (same
 * text and time). In one statement: an import of thousands of proposals pays per statement.
 */
function addVersions(db: Db, proposalId: number, versions: ExportedProposal['versions'], existing: boolean, desktop: ReturnType<typeof desktopWriter>): void {
  let wanted = versions ?? [];
  if (existing && wanted.length) {
    const have = db.query('SELECT generated_text, created_at FROM proposal_versions WHERE proposal_id = ?', [proposalId]);
    const known = new Set(have.map((v) => versionKey(String(v.generated_text), v.created_at)));
    const texts = new Set(have.map((v) => String(v.generated_text)));
    // A version without a time gets the time of its import: it is the same one if its text is.
    wanted = wanted.filter((v) => {
      const there = v.created_at ? known.has(versionKey(v.generated_text, v.created_at)) : texts.has(v.generated_text);
      known.add(versionKey(v.generated_text, v.created_at));
      texts.add(v.generated_text);
      return !there;
    });
  }
  if (!wanted.length) return;
  const rows = db.query(
    `INSERT INTO proposal_versions (proposal_id, generated_text, source, model, created_at, written_at)
     VALUES ${wanted.map(() => "(?, ?, ?, ?, coalesce(?, datetime('now')), ?)").join(', ')} RETURNING id`,
    wanted.flatMap((v) => [proposalId, v.generated_text, v.source ?? 'edited', v.model ?? null, v.created_at ?? null, v.written_at ?? null]),
  );
  // AUTOINCREMENT ids grow in the order the rows were inserted (RETURNING's own order is not promised).
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  const sent = ids.find((_, i) => wanted[i].sent);
  if (sent !== undefined) db.query(`UPDATE proposals SET sent_version_id = ? WHERE id = ? AND status = 'sent'`, [sent, proposalId]);
  desktop.attachVersions(ids.flatMap((id, i) => (wanted[i].desktop ? [{ id, record: wanted[i].desktop! }] : [])));
}

/**
 * Adds the file's proposals that are not already here (same job post and same proposal text),
 * in one transaction: a failure part-way leaves the database as it was. A proposal already here
 * gets the versions and desktop records of the file's that it lacks, so nothing is lost and the
 * same file twice adds nothing.
 */
export function importExport(db: Db, file: ExportFile, choice: ImportedSettingsChoice = 'keep', onProgress?: OnImportProgress): ImportSummary {
  return withTransaction(db, () => {
    const known = new Map(
      db.query('SELECT id, job_content, generated_text FROM proposals WHERE deleted_at IS NULL').map((r) => [contentKey(String(r.job_content), String(r.generated_text)), Number(r.id)]),
    );
    const summary: ImportSummary = { added: 0, alreadyThere: 0, settingsApplied: 0, settingsKept: 0 };
    const desktop = desktopWriter(db);
    desktop.addLists(file.desktop);
    const total = file.proposals.length;
    for (const [i, p] of file.proposals.entries()) {
      if (onProgress && i % PROGRESS_EVERY === 0) onProgress({ step: 'adding', done: i, total });
      const key = contentKey(p.job_content, p.generated_text);
      let id = known.get(key);
      const existing = id !== undefined;
      if (id === undefined) {
        const [row] = db.query(
          `INSERT INTO proposals (job_content, generated_text, created_at, updated_at, job_url, client_name, status, sent_at, text_source, text_model, text_written_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          [p.job_content, p.generated_text, p.created_at, p.updated_at, p.job_url ?? null, p.client_name ?? null, p.status ?? 'draft',
            p.sent_at ?? null, p.text_source ?? null, p.text_model ?? null, p.text_written_at ?? null],
        );
        id = Number(row.id);
        known.set(key, id);
        summary.added++;
      } else {
        summary.alreadyThere++;
        // The desktop's database says more than its JSON export: the link, the client, the last edit
        // (and its outcome, merged into the history below).
        if (p.desktop) {
          db.query(`UPDATE proposals SET job_url = coalesce(job_url, ?), client_name = coalesce(client_name, ?), updated_at = coalesce(updated_at, ?) WHERE id = ?`,
            [p.job_url ?? null, p.client_name ?? null, p.updated_at, id]);
        }
      }
      addVersions(db, id, p.versions, existing, desktop);
      if (p.desktop) desktop.attachProposal(id, p.desktop, existing);
      importOutcome(db, id, p, existing);
    }
    summary.settingsApplied += desktop.addSettings(file.settings);
    // Settings go through the same checks as the Settings screen: a file cannot set what the user could not.
    // Those that decide where requests go, or what they carry, only if the user chose to take them.
    const wanted = settingsFromStoredKeys(file.settings ?? {});
    if (choice === 'keep') {
      summary.settingsKept = guardedDifferences(db, file).length;
      for (const f of GUARDED_SETTINGS) delete wanted[f];
    }
    try {
      summary.settingsApplied += writeSettings(db, wanted).changed;
    } catch (e) {
      if (e instanceof SettingsError) throw new ImportFileError(`The file's settings cannot be used: ${e.message}`);
      throw e;
    }
    return summary;
  }, true);
}

/** A JSON export's text, checked whole, then imported in one transaction. */
export const importJsonText = (db: Db, text: string, choice: ImportedSettingsChoice = 'keep', onProgress?: OnImportProgress): ImportSummary =>
  importExport(db, parseExportFile(text), choice, onProgress);
