// The JSON export: the desktop app's original format (metadata + proposals with id, job_content,
// generated_text, created_at, updated_at) plus this app's fields, and what the desktop app kept
// that this app has no screen for ("desktop"). The desktop app's own export (camelCase) is read
// too. Parsing checks everything before anything is written, says what is wrong and where, and
// refuses a field it does not know rather than drop it.
import {
  DESKTOP_LISTS, DESKTOP_PROPOSAL, DESKTOP_REVISION, DESKTOP_SAFETY_OVERRIDE, emptyDesktopLists, isSecretSettingName,
  type DesktopLists, type DesktopProposalExtras, type DesktopRow, type DesktopTable,
} from '../desktop/desktop-records.ts';
import { IMPORT_LIMITS, tooLarge } from './limits.ts';
import { SECRET_SETTING_KEY } from './settings.ts';
import { jobUrlProblem, normalizeJobUrl } from './urls.ts';
import { checkDeal, isOutcome, OUTCOMES, outcomeFromDesktop, OutcomeError, statusOf, type BidType, type Outcome } from './outcomes.ts';

export interface ExportedVersion {
  generated_text: string;
  source?: 'generated' | 'edited';
  /** Only for generated text. */
  model?: string | null;
  /** When it was kept (replaced). */
  created_at?: string;
  /** When it was written. */
  written_at?: string | null;
  /** The text as it was sent. */
  sent?: boolean;
  /** A revision that came from the desktop app: its kind, number, what it restored. */
  desktop?: DesktopRow;
}

export interface ExportedProposal {
  id?: number;
  job_content: string;
  generated_text: string;
  created_at: string;
  updated_at: string | null;
  job_url?: string | null;
  client_name?: string | null;
  status?: 'draft' | 'sent';
  sent_at?: string | null;
  /** Where the current text came from, the model that generated it, and when it was written. */
  text_source?: 'generated' | 'edited' | null;
  text_model?: string | null;
  text_written_at?: string | null;
  versions?: ExportedVersion[];
  /** Since V7; a file without them imports as before (its status gives the outcome). */
  outcome?: Outcome;
  outcome_history?: { outcome: Outcome; changed_at: string }[];
  bid_amount?: number | null;
  bid_type?: BidType | null;
  bid_currency?: string | null;
  connects_spent?: number | null;
  contract_value?: number | null;
  /** What generated its text (generated-with.ts). */
  generated_provider?: string | null;
  generated_model?: string | null;
  generated_template?: string | null;
  /** A proposal that came from the desktop app: its outcome, generation status and parameters, hook, job post, safety overrides. */
  desktop?: DesktopProposalExtras;
}

export interface ExportFile {
  metadata: { export_date: string; app_version: string; proposal_count: number; [k: string]: unknown };
  proposals: ExportedProposal[];
  settings?: Record<string, string>;
  /** The desktop app's job posts, skills, golden set and voice profile. */
  desktop?: DesktopLists;
}

export class ImportFileError extends Error {
  readonly kind = 'bad-import';
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}


const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const SQLITE_DATE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A real calendar day and time: Date.parse() turns February 30th into March 2nd without a word. */
function isRealDate(text: string): boolean {
  const [, y, mo, d, h, mi, sec] = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text) ?? [];
  const at = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0)));
  return at.getUTCFullYear() === Number(y) && at.getUTCMonth() === Number(mo) - 1 && at.getUTCDate() === Number(d)
    && at.getUTCHours() === Number(h) && at.getUTCMinutes() === Number(mi) && Number(sec ?? 0) < 60;
}

// Half of a UTF-16 surrogate pair, alone: SQLite would store U+FFFD instead, so the text would not come back as it was.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkDate(value: unknown, where: string, optional: boolean): string | null {
  if (value === undefined || value === null) {
    if (optional) return null;
    throw new ImportFileError(`${where} is missing`);
  }
  if (typeof value !== 'string' || !SQLITE_DATE.test(value) || Number.isNaN(Date.parse(value.replace(' ', 'T'))) || !isRealDate(value)) {
    throw new ImportFileError(`${where} is not a date: ${JSON.stringify(value).slice(0, 60)}`);
  }
  return value;
}

function checkText(value: unknown, where: string, optional = false): string {
  if (value === undefined || value === null) {
    if (optional) return '';
    throw new ImportFileError(`${where} is missing`);
  }
  if (typeof value !== 'string') throw new ImportFileError(`${where} should be text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
  if (value.length > IMPORT_LIMITS.textLength) throw new ImportFileError(`${where} is too long (${value.length.toLocaleString('en')} characters)`);
  const bad = LONE_SURROGATE.exec(value);
  if (bad) throw new ImportFileError(`${where} holds an invalid character (a lone UTF-16 surrogate, U+${bad[0].charCodeAt(0).toString(16).toUpperCase()}, at position ${bad.index + 1}) that cannot be stored exactly`);
  return value;
}

function checkJobUrl(url: string, where: string): string | null {
  const problem = jobUrlProblem(url);
  if (problem) throw new ImportFileError(`${where}: job_url ${problem}`);
  return normalizeJobUrl(url) || null;
}

/** A text's origin: generated (a model, if named) or edited (by hand: never a model); anything else was an edit. */
function checkOrigin(source: unknown, model: unknown, where: string, prefix: string): { text_source: 'generated' | 'edited' | null; text_model: string | null } {
  if (source === undefined || source === null) return { text_source: null, text_model: null };
  if (source !== 'generated') return { text_source: 'edited', text_model: null };
  return { text_source: 'generated', text_model: model == null ? null : checkText(model, `${where}: ${prefix}model`) };
}

/** A field this app does not know is refused, never dropped without a word. */
function checkFields(raw: Record<string, unknown>, known: readonly string[], where: string): void {
  const odd = Object.keys(raw).find((k) => !known.includes(k));
  if (odd !== undefined) throw new ImportFileError(`${where} has a field this app does not know: ${JSON.stringify(odd)} (nothing was imported, so that nothing is lost)`);
}

const PROPOSAL_FIELDS = ['id', 'job_content', 'generated_text', 'created_at', 'updated_at', 'job_url', 'client_name', 'status', 'sent_at', 'text_source', 'text_model', 'text_written_at', 'versions', 'desktop',
  // Outcomes (V7); outcome_status and outcome_updated_at are the desktop app's names for the first two.
  'outcome', 'outcome_history', 'outcome_status', 'outcome_updated_at', 'bid_amount', 'bid_type', 'bid_currency', 'connects_spent',
  'contract_value', 'generated_provider', 'generated_model', 'generated_template'];
const VERSION_FIELDS = ['generated_text', 'source', 'model', 'created_at', 'written_at', 'sent', 'desktop'];

/** A row of one of the desktop's tables, checked column by column (`extra`: columns the file adds, such as a job post's id). */
function checkDesktopRow(spec: DesktopTable, raw: unknown, where: string, extra: Record<string, 'int'> = {}): DesktopRow {
  if (!isObject(raw)) throw new ImportFileError(`${where} is not an object`);
  const types = { ...spec.columns, ...extra };
  checkFields(raw, Object.keys(types), where);
  const row: DesktopRow = {};
  for (const [column, type] of Object.entries(types)) {
    const v = raw[column];
    const at = `${where}: ${column}`;
    if (v === undefined || v === null) {
      if (!type.endsWith('?')) throw new ImportFileError(`${at} is missing`);
      row[column] = null;
      continue;
    }
    if (type.startsWith('text') || type.startsWith('json')) {
      row[column] = checkText(v, at);
      if (type.startsWith('json')) {
        try { JSON.parse(String(v)); } catch { throw new ImportFileError(`${at} should hold JSON text`); }
      }
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v) || (type.startsWith('int') && !Number.isInteger(v))) throw new ImportFileError(`${at} should be ${type.startsWith('int') ? 'a whole number' : 'a number'}`);
      row[column] = v;
    }
    const allowed = spec.values?.[column];
    if (allowed && !allowed.includes(String(row[column]))) throw new ImportFileError(`${at} must be one of ${allowed.join(', ')}, not ${JSON.stringify(v)}`);
  }
  return row;
}

function checkDesktopProposal(raw: unknown, where: string): DesktopProposalExtras {
  if (!isObject(raw)) throw new ImportFileError(`${where}: desktop is not an object`);
  checkFields(raw, ['record', 'safety_overrides'], `${where}: desktop`);
  const overrides = raw.safety_overrides ?? [];
  if (!Array.isArray(overrides)) throw new ImportFileError(`${where}: desktop.safety_overrides should be a list`);
  return {
    record: checkDesktopRow(DESKTOP_PROPOSAL, raw.record, `${where}: desktop.record`),
    safety_overrides: overrides.map((o, j) => checkDesktopRow(DESKTOP_SAFETY_OVERRIDE, o, `${where}: safety override ${j + 1}`)),
  };
}

function checkDesktopLists(raw: unknown): DesktopLists {
  if (!isObject(raw)) throw new ImportFileError('"desktop" should be an object.');
  checkFields(raw, Object.keys(DESKTOP_LISTS), '"desktop"');
  const lists = emptyDesktopLists();
  for (const [name, spec] of Object.entries(DESKTOP_LISTS) as [keyof DesktopLists, DesktopTable][]) {
    const list = raw[name] ?? [];
    if (!Array.isArray(list)) throw new ImportFileError(`desktop.${name} should be a list`);
    lists[name] = list.map((r, i) => checkDesktopRow(spec, r, `desktop.${name} ${i + 1}`, name === 'job_posts' ? { id: 'int' } : {}));
  }
  return lists;
}

function checkProposal(raw: unknown, i: number): ExportedProposal {
  const where = `proposal ${i + 1}`;
  if (!isObject(raw)) throw new ImportFileError(`${where} is not an object`);
  checkFields(raw, PROPOSAL_FIELDS, where);
  const status = raw.status ?? 'draft';
  if (status !== 'draft' && status !== 'sent') throw new ImportFileError(`${where}: status must be "draft" or "sent", not ${JSON.stringify(status)}`);
  const versions = raw.versions === undefined ? [] : raw.versions;
  if (!Array.isArray(versions)) throw new ImportFileError(`${where}: versions should be a list`);
  const jobContent = checkText(raw.job_content, `${where}: job_content`);
  if (!jobContent.trim()) throw new ImportFileError(`${where}: job_content is empty`);
  return {
    ...checkOutcomeFields(raw, where, status),
    id: typeof raw.id === 'number' ? raw.id : undefined,
    job_content: jobContent,
    generated_text: checkText(raw.generated_text, `${where}: generated_text`, true),
    created_at: checkDate(raw.created_at, `${where}: created_at`, false)!,
    updated_at: checkDate(raw.updated_at, `${where}: updated_at`, true),
    job_url: raw.job_url == null ? null : checkJobUrl(checkText(raw.job_url, `${where}: job_url`), where),
    client_name: raw.client_name == null ? null : checkText(raw.client_name, `${where}: client_name`),
    status,
    sent_at: status === 'sent' ? checkDate(raw.sent_at, `${where}: sent_at`, true) : null,
    ...checkOrigin(raw.text_source, raw.text_model, where, 'text_'),
    text_written_at: checkDate(raw.text_written_at, `${where}: text_written_at`, true),
    versions: versions.map((v, j) => {
      const vw = `${where}, version ${j + 1}`;
      if (!isObject(v)) throw new ImportFileError(`${vw} is not an object`);
      checkFields(v, VERSION_FIELDS, vw);
      const { text_source, text_model } = checkOrigin(v.source ?? 'edited', v.model, vw, '');
      return {
        generated_text: checkText(v.generated_text, `${vw}: generated_text`),
        source: text_source ?? 'edited',
        model: text_model,
        created_at: checkDate(v.created_at, `${vw}: created_at`, true) ?? undefined,
        written_at: checkDate(v.written_at, `${vw}: written_at`, true),
        sent: v.sent === true,
        ...(v.desktop === undefined ? {} : { desktop: checkDesktopRow(DESKTOP_REVISION, v.desktop, `${vw}: desktop`) }),
      };
    }),
    ...(raw.desktop === undefined ? {} : { desktop: checkDesktopProposal(raw.desktop, where) }),
  };
}

/**
 * The outcome fields (V7): our `outcome` and its `outcome_history`, or the desktop app's
 * `outcome_status` and `outcome_updated_at`; the bid, Connects and contract value. Absent ones
 * stay absent: the import then takes the outcome from `status`.
 */
function checkOutcomeFields(raw: Record<string, unknown>, where: string, status: 'draft' | 'sent'): Partial<ExportedProposal> {
  const out: Partial<ExportedProposal> = {};
  try {
    if (raw.outcome !== undefined && raw.outcome !== null) {
      if (!isOutcome(raw.outcome)) throw new ImportFileError(`${where}: outcome must be one of ${OUTCOMES.join(', ')}, not ${JSON.stringify(raw.outcome)}`);
      out.outcome = raw.outcome;
    } else if (raw.outcome_status !== undefined && raw.outcome_status !== null) {
      out.outcome = outcomeFromDesktop(raw.outcome_status, `${where}: outcome_status`);
      const at = checkDate(raw.outcome_updated_at, `${where}: outcome_updated_at`, true);
      if (out.outcome !== 'draft') out.outcome_history = [{ outcome: out.outcome, changed_at: at ?? String(raw.updated_at ?? raw.created_at) }];
    }
    if (raw.outcome_history !== undefined && raw.outcome_history !== null) {
      if (!Array.isArray(raw.outcome_history)) throw new ImportFileError(`${where}: outcome_history should be a list`);
      out.outcome_history = raw.outcome_history.map((c, j) => {
        const cw = `${where}, outcome change ${j + 1}`;
        if (!isObject(c)) throw new ImportFileError(`${cw} is not an object`);
        if (!isOutcome(c.outcome)) throw new ImportFileError(`${cw}: outcome must be one of ${OUTCOMES.join(', ')}, not ${JSON.stringify(c.outcome)}`);
        return { outcome: c.outcome, changed_at: checkDate(c.changed_at, `${cw}: changed_at`, false)! };
      });
    }
    if (out.outcome && statusOf(out.outcome) !== status && raw.status !== undefined) {
      throw new ImportFileError(`${where}: status "${status}" does not go with outcome "${out.outcome}"`);
    }
    const deal = checkDeal({
      ...(raw.bid_amount !== undefined && { bidAmount: raw.bid_amount as number }),
      ...(raw.bid_type !== undefined && { bidType: raw.bid_type as BidType }),
      ...(raw.bid_currency !== undefined && { bidCurrency: raw.bid_currency as string }),
      ...(raw.connects_spent !== undefined && { connectsSpent: raw.connects_spent as number }),
      ...(raw.contract_value !== undefined && { contractValue: raw.contract_value as number }),
    });
    if ('bidAmount' in deal) out.bid_amount = deal.bidAmount;
    if ('bidType' in deal) out.bid_type = deal.bidType;
    if ('bidCurrency' in deal) out.bid_currency = deal.bidCurrency;
    if ('connectsSpent' in deal) out.connects_spent = deal.connectsSpent;
    if ('contractValue' in deal) out.contract_value = deal.contractValue;
    for (const f of ['generated_provider', 'generated_model', 'generated_template'] as const) {
      if (raw[f] !== undefined && raw[f] !== null) out[f] = checkText(raw[f], `${where}: ${f}`);
    }
  } catch (e) {
    if (e instanceof OutcomeError) throw new ImportFileError(e.message.startsWith(where) ? e.message : `${where}: ${e.message}`);
    throw e;
  }
  return out;
}

/**
 * The desktop app's own export (lib.rs: `metadata.exportDate/appVersion/proposalCount`, proposals
 * with `id, jobContent, generatedText, createdAt, status` draft | completed) in this app's shape:
 * its status says whether generation finished, so it is kept as the desktop's generation status.
 */
function fromDesktopExport(data: Record<string, unknown>): Record<string, unknown> {
  checkFields(data, ['metadata', 'proposals'], 'The desktop export');
  const meta = isObject(data.metadata) ? data.metadata : {};
  checkFields(meta, ['exportDate', 'appVersion', 'proposalCount'], 'The desktop export\'s metadata');
  const proposals = (data.proposals as unknown[]).map((raw, i) => {
    const where = `proposal ${i + 1}`;
    if (!isObject(raw)) throw new ImportFileError(`${where} is not an object`);
    checkFields(raw, ['id', 'jobContent', 'generatedText', 'createdAt', 'status'], where);
    if (raw.status !== undefined && raw.status !== 'draft' && raw.status !== 'completed') {
      throw new ImportFileError(`${where}: status must be "draft" or "completed" (the desktop app's generation status), not ${JSON.stringify(raw.status)}`);
    }
    const record: DesktopRow = Object.fromEntries(Object.keys(DESKTOP_PROPOSAL.columns).map((c) => [c, null]));
    record.desktop_id = typeof raw.id === 'number' && Number.isInteger(raw.id) ? raw.id : null;
    record.generation_status = (raw.status as string | undefined) ?? null;
    return { job_content: raw.jobContent, generated_text: raw.generatedText, created_at: raw.createdAt, updated_at: null, desktop: { record, safety_overrides: [] } };
  });
  return {
    metadata: { export_date: meta.exportDate, app_version: meta.appVersion, proposal_count: meta.proposalCount, format: 'desktop' },
    proposals,
  };
}

/** The desktop app's export says so by its camelCase: metadata.exportDate, or a proposal's jobContent. */
const isDesktopExport = (data: Record<string, unknown>) =>
  (isObject(data.metadata) && 'exportDate' in data.metadata) || (Array.isArray(data.proposals) && isObject(data.proposals[0]) && 'jobContent' in data.proposals[0]);

/** Parses and checks an export file's text. Throws ImportFileError naming the problem. */
export function parseExportFile(text: string): ExportFile {
  const refused = tooLarge(text.length);
  if (refused) throw new ImportFileError(`The file ${refused}.`);
  if (!text.trim()) throw new ImportFileError('The file is empty.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // Engines word it differently: "Unexpected end of JSON input", or an error at the very last position.
    const at = Number(/position (\d+)/.exec(String(e))?.[1] ?? NaN);
    const truncated = /end of JSON|Unexpected end/i.test(String(e)) || at >= text.trimEnd().length;
    throw new ImportFileError(`The file is not valid JSON${truncated ? ': it looks cut short (truncated)' : ''} (${(e as Error).message}).`);
  }
  if (!isObject(parsed) || !Array.isArray(parsed.proposals)) {
    throw new ImportFileError('This is not an Upwork Researcher export: it has no "proposals" list.');
  }
  if (parsed.proposals.length > IMPORT_LIMITS.proposals) {
    throw new ImportFileError(`The file has ${parsed.proposals.length.toLocaleString('en')} proposals; at most ${IMPORT_LIMITS.proposals.toLocaleString('en')} can be imported at once.`);
  }
  const data = isDesktopExport(parsed) ? fromDesktopExport(parsed) : parsed;
  checkFields(data, ['metadata', 'proposals', 'settings', 'desktop'], 'The file');
  const proposals = (data.proposals as unknown[]).map(checkProposal);
  const meta = isObject(data.metadata) ? data.metadata : {};
  if (typeof meta.proposal_count === 'number' && meta.proposal_count !== proposals.length) {
    throw new ImportFileError(`The file says it holds ${meta.proposal_count} proposals but has ${proposals.length}: it may be truncated or edited.`);
  }
  let settings: Record<string, string> | undefined;
  if (data.settings !== undefined) {
    if (!isObject(data.settings)) throw new ImportFileError('"settings" should be an object.');
    settings = {};
    for (const [k, v] of Object.entries(data.settings)) {
      if (typeof v !== 'string') throw new ImportFileError(`setting "${k}" should be text.`);
      if (k !== SECRET_SETTING_KEY && !isSecretSettingName(k)) settings[k] = v; // a key never travels in a file
    }
  }
  const desktop = data.desktop === undefined ? undefined : checkDesktopLists(data.desktop);
  return {
    metadata: {
      ...meta,
      export_date: String(meta.export_date ?? ''),
      app_version: String(meta.app_version ?? ''),
      proposal_count: proposals.length,
    },
    proposals,
    settings,
    ...(desktop ? { desktop } : {}),
  };
}
