// The typed contract between the UI and whichever worker hosts the database.
import type { AppliedMigration, MigrationReport } from '../migrate/index.ts';

/**
 * Every kind of typed error that can reach the page (the `kind` of its class); explain-error.ts
 * has words for each, and does not compile while one has none.
 */
export type ErrorKind =
  // The migration engine (src/migrate/errors.ts).
  | 'invalid-file' | 'invalid-history' | 'missing' | 'divergent' | 'failed' | 'batch-weakened' | 'foreign-key' | 'run'
  // A file or a setting that cannot be used (sqlite-bytes.ts, export-format.ts, settings.ts).
  | 'bad-file' | 'bad-import' | 'bad-setting'
  // An outcome, a deal or their dates that cannot be stored (outcomes.ts).
  | 'bad-outcome'
  // The worker: storage, other tabs and builds, this browser's key store.
  | 'locked' | 'unavailable' | 'stale-build' | 'unknown-operation' | 'key-store'
  // Sync between devices: a pairing code or a server that cannot be used (src/sync/pairing.ts).
  | 'sync';

/** An error as plain data (it crossed a worker boundary): `kind` tells what failed; none for an untyped one (SQLite's, the browser's). */
export interface ErrorInfo {
  name: string;
  message: string;
  kind?: ErrorKind;
  [field: string]: unknown;
}

/** Epoch milliseconds of each start-up step, so a page can place them on its own timeline. */
export interface StartupTimings {
  workerStart: number;
  wasmReady?: number;
  vfsReady?: number;
  dbOpen?: number;
  /** The migration engine done (history read and checked, pending migrations committed). */
  engineDone?: number;
  /** Ready for the app's writes (foreign keys on, the storage's journal mode for writes set). */
  migrated?: number;
}

/**
 * `seq` grows with every change: the current state (a call's reply) and later changes (through a
 * callback, on another message port) can arrive out of order, and the newest must win.
 */
export type StartupState = { seq?: number } & (
  /** `owner`: another tab holds the database and this one waits to hear from it. */
  | { phase: 'loading'; step: 'wasm' | 'storage' | 'open' | 'owner' }
  | { phase: 'migrating'; done: number; total: number; version: number; name: string }
  | { phase: 'ready'; report: MigrationReport; persistent: boolean; timings: StartupTimings }
  /** Something outside this app's tabs holds the database file (an older version of the app): retried until it lets go. */
  | { phase: 'locked' }
  /** A newer version of the app is open in another tab: this one must reload, and writes nothing until then. */
  | { phase: 'stale' }
  /** OPFS cannot be used here; the user may choose an unsaved in-memory database. */
  | { phase: 'unavailable'; error: ErrorInfo }
  | { phase: 'failed'; error: ErrorInfo; timings: StartupTimings }
);

export type HistoryRow = AppliedMigration;

/** Why a backup was taken: before an update (a migration), a database-file import, or a restore; or asked for ('manual'). */
export type BackupKind = 'update' | 'import' | 'restore' | 'manual';

export interface BackupInfo {
  name: string;
  kind: BackupKind;
  /** The schema version it was taken at; null when its history could not be read. */
  fromVersion: number | null;
  createdAt: string;
  size: number;
}

export interface DatabaseInfo {
  schemaVersion: number;
  history: HistoryRow[];
  /** Where the data lives: the VFS name, or 'memory' when nothing is saved. */
  vfs: string;
  persistent: boolean;
  fileName: string;
  databaseBytes: number;
  storageUsage: number | null;
  storageQuota: number | null;
  sqliteVersion: string;
  lastReport: MigrationReport;
}

export type { Proposal, ProposalBase, ProposalInput, ProposalSummary, ProposalVersion, SavedProposal, SearchHit, TrashedProposal } from './domain/proposal.ts';
export type { ReadSettings, Settings, Theme, Provider } from './domain/settings.ts';
export type { ImportedSettingsChoice, ImportProgress, ImportSummary, JsonImportPreview, SettingDifference } from './domain/export-import.ts';
export type { SyncProblem, SyncStatus } from '../sync/status.ts';
import type { SyncStatus } from '../sync/status.ts';
import type { Proposal, ProposalBase, ProposalInput, ProposalSummary, ProposalVersion, SavedProposal, SearchHit, TrashedProposal } from './domain/proposal.ts';
import type { ReadSettings, Settings } from './domain/settings.ts';
import type { ImportedSettingsChoice, ImportProgress, ImportSummary, JsonImportPreview } from './domain/export-import.ts';

/** A committed change, told to every tab: which proposals changed (or all), whether settings did, and who made it. */
export interface DataChange {
  proposals?: number[] | 'all';
  settings?: boolean;
  /** The list of backups changed (one was made or deleted). */
  backups?: boolean;
  /** The whole database was replaced (a restore): every tab starts again on it. */
  restored?: boolean;
  /** What sync is doing now (it changed). */
  sync?: SyncStatus;
  /** Not a change: how far an import or a replace with a file is (nothing else is set then). */
  progress?: ImportProgress;
  /** The tab whose call made the change ('sync' for changes from other devices). */
  by: string;
}

export interface ProposalPage {
  items: ProposalSummary[];
  total: number;
}

export interface SearchResult {
  hits: SearchHit[];
  ms: number;
}

export interface JsonExport {
  name: string;
  text: string;
  count: number;
}

export type { ProposalFilter, ProposalSort } from './domain/proposal-filter.ts';
export type { Deal, Outcome, OutcomeChange } from './domain/outcomes.ts';
export type { DashboardData } from './domain/dashboard.ts';
export type { HistoryRow as HistoryExportRow } from './domain/history-export.ts';
import type { ProposalFilter } from './domain/proposal-filter.ts';
import type { Deal, Outcome, OutcomeChange } from './domain/outcomes.ts';
import type { DashboardData } from './domain/dashboard.ts';
import type { HistoryRow as HistoryExportRow } from './domain/history-export.ts';
import type { GeneratedWith } from './domain/generated-with.ts';

/** Outcomes (issue 17): what became of each proposal, finding by it, and the dashboard. */
export interface OutcomeApi {
  /** How many proposals the filter (its outcomes aside) finds with each outcome. */
  outcomeCounts(filter?: ProposalFilter): Promise<Record<Outcome | 'all', number>>;
  /** Every change of a proposal's outcome, oldest first. */
  outcomeHistory(id: number): Promise<OutcomeChange[]>;
  /** Dated now; the same outcome again changes nothing. */
  setOutcome(id: number, outcome: Outcome): Promise<Proposal>;
  updateDeal(id: number, patch: Partial<Deal>): Promise<Proposal>;
  /** Proposals first sent on local days `fromDay` (null: since the first) to `toDay`, both included, by local weeks in `timeZone`. */
  dashboard(period: { fromDay: string | null; toDay: string; timeZone: string }): Promise<DashboardData>;
  /** Every proposal as a row for the CSV export. */
  historyRows(): Promise<HistoryExportRow[]>;
  /** What generated the proposal's text (for the dashboard's results by provider, model and template). */
  recordGeneration(id: number, generatedWith: GeneratedWith): Promise<void>;
}

export interface DatabaseApi extends OutcomeApi {
  /** Current start-up state; `onChange` (a Comlink proxy) hears every later change. */
  startup(onChange?: (state: StartupState) => void): Promise<StartupState>;
  /** `onChange` hears every change committed from now on, by any tab (this one included). */
  watch(onChange: (change: DataChange) => void): Promise<void>;
  /** When OPFS is unavailable and the user accepted it: run on a database that is not saved. */
  useMemoryDatabase(): Promise<void>;

  // Wait for start-up; reject with the start-up error if it failed.
  info(): Promise<DatabaseInfo>;
  listProposals(offset?: number, limit?: number, filter?: ProposalFilter): Promise<ProposalPage>;
  getProposal(id: number): Promise<Proposal | null>;
  /** The proposal written to last, and when (SQLite's `datetime('now')`, UTC). */
  lastEdited(): Promise<{ id: number; editedAt: string } | null>;
  createProposal(input?: ProposalInput): Promise<Proposal>;
  updateProposal(id: number, patch: ProposalInput, base?: ProposalBase): Promise<SavedProposal>;
  deleteProposal(id: number): Promise<void>;
  /** Takes a proposal back out of the trash. */
  restoreProposal(id: number): Promise<Proposal>;
  /** Deleted proposals, last deleted first: kept 30 days, then purged. */
  listTrash(): Promise<TrashedProposal[]>;
  /** Deletes what is in the trash for good; returns the ids deleted. */
  emptyTrash(): Promise<number[]>;
  /** Keeps the current text as an earlier version (before regenerating or restoring another). */
  keepVersion(id: number, source: ProposalVersion['source'], model?: string | null): Promise<void>;
  listVersions(id: number): Promise<ProposalVersion[]>;
  /** A generation by `model` starts: the text so far is kept as a version; the proposal is marked unfinished until it ends. */
  beginGeneration(id: number, model: string): Promise<Proposal>;
  /** It ended: `complete` (or cancelled on purpose) clears the mark; cut off by an error, it stays. */
  finishGeneration(id: number, complete: boolean): Promise<Proposal>;
  search(query: string, limit?: number, filter?: ProposalFilter): Promise<SearchResult>;
  /** The API key comes back opened (it is stored sealed with this browser's own key). */
  getSettings(): Promise<ReadSettings>;
  saveSettings(patch: Partial<Settings>): Promise<ReadSettings>;
  exportJson(): Promise<JsonExport>;
  /** Checks a JSON export without importing it: its proposals, and the guarded settings it would change. */
  previewJsonImport(text: string): Promise<JsonImportPreview>;
  /**
   * Validates the whole file first, then adds what is new in one transaction. `settings`: 'keep'
   * (the default) leaves the provider, base URL, model, prompt template and profile as they are.
   */
  importJson(text: string, settings?: ImportedSettingsChoice): Promise<ImportSummary>;
  /**
   * Backs the current database up, then adds the proposals of another database file (this app's
   * or the desktop app's; `wal`: the -wal that was beside a WAL-mode file).
   */
  importDatabaseFile(bytes: Uint8Array, wal?: Uint8Array): Promise<ImportSummary & DatabaseFileNotes & { backup: string | null }>;

  // Sync between this person's devices (off until turned on here).
  syncStatus(): Promise<SyncStatus>;
  /** Makes a new sync space on the server at `server` and puts this device in it, with everything it holds. */
  createSyncSpace(server: string): Promise<void>;
  /**
   * Joins the space of a pairing code shown by a device already in it; this device's proposals join
   * too. The code of the space this device is in already pairs it again (its token was replaced).
   */
  joinSyncSpace(code: string): Promise<void>;
  /** The pairing code for another device (null while sync is off or the space is not made yet). */
  syncPairingCode(): Promise<string | null>;
  /** Stops syncing this device; everything it holds stays here. */
  leaveSync(): Promise<void>;
  /** A new token for this space, kept here: every other device is refused until it pairs again with the new code. */
  replaceSyncToken(): Promise<void>;

  // Rescue: work even after a failed start-up, so the user can always take their data away.
  exportDatabase(): Promise<{ name: string; bytes: Uint8Array }>;
  listBackups(): Promise<BackupInfo[]>;
  /** A backup's bytes, with the API key sealed (never in clear). */
  readBackup(name: string): Promise<Uint8Array>;
  deleteBackup(name: string): Promise<void>;
  /** Backs the database up now, as it is (kept beside the automatic ones); returns the backup's name. */
  backupNow(): Promise<string>;
  /**
   * Replaces the whole database with a backup or a database file: checked first (integrity, a
   * history this app knows, not newer), migrated forward, the current one backed up, then swapped
   * atomically. Every tab then starts again on it. Works after a failed start-up.
   */
  restoreDatabase(source: RestoreSource): Promise<DatabaseFileNotes & { backup: string | null; proposals: number; schemaVersion: number }>;
}

/** What the app found out about a database file it was given, for the user. */
export interface DatabaseFileNotes {
  /** The desktop app's database, described ("the desktop app's database at V27 …"). */
  desktop?: string;
  /** The file is in WAL mode and came without its -wal: the latest changes may be missing. */
  walMissing?: boolean;
}

/** What to restore: one of the backups, or a database file the user chose (with the -wal that was beside it). */
export type RestoreSource = { backup: string } | { file: Uint8Array; wal?: Uint8Array };

/** Served by each tab's own worker (its start-up state, its change feed, its memory database): never sent to the owner. */
export type TabOperation = 'startup' | 'watch' | 'useMemoryDatabase';
/** Every other operation: run by the owner of the database for whichever tab asks. */
export type OwnerOperation = Exclude<keyof DatabaseApi, TabOperation>;
