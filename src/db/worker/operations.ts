// Every operation of the DatabaseApi as the owner runs it, on its session: reads, writes (each
// told which change it makes, for the other tabs) and rescue (the database file and the backups,
// which work even after a failed start-up).
import { readHistory, type Migration } from '../../migrate/index.ts';
import type { DataChange, DatabaseInfo } from '../api.ts';
import type { Db } from '../domain/db.ts';
import { buildExport, importExport, importJsonText, previewJsonImport, type OnImportProgress } from '../domain/export-import.ts';
import { databaseExportName, jsonExportName } from '../domain/file-names.ts';
import * as proposals from '../domain/proposals-repo.ts';
import { getSettings, saveSettings } from '../domain/settings-repo.ts';
import type { Settings } from '../domain/settings.ts';
import type { ProposalInput } from '../domain/proposal.ts';
import { appliedResult, rememberApplied } from '../domain/applied-requests.ts';
import { exportDb, hasSqliteHeader, isWalMode } from '../sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../sqlite/sqlite-driver.ts';
import { openAppDatabaseFile, readDatabaseFileProposals } from './import-database-file.ts';
import type { SecretBox } from './secret-box.ts';
import { openSettings, sealPatch, sealStoredSecret, withoutPlainSecret } from './secret-settings.ts';
import type { Session, Startup } from './startup.ts';
import type { DatabaseStorage } from './storage.ts';

type Args = any[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked by DatabaseApi at the page

export interface WriteOp {
  /** Async work before the write (reading a file, a backup); its result goes to `commit`. */
  prepare?: (s: Session, ...args: Args) => Promise<unknown>;
  /** The write itself: synchronous, so it runs inside one transaction with its request record. */
  commit: (s: Session, args: Args, prepared: unknown) => unknown;
  /** What the other tabs must refresh once it has committed. */
  change: (args: Args, result: unknown) => Omit<DataChange, 'by'>;
  /** A key from the arguments that makes the write apply once whatever its request id (else the request id does). */
  key?: (args: Args) => string | undefined;
  /** The caller's answer from the result as recorded (which must hold no secret in clear). */
  reply?: (result: unknown) => unknown;
}

/** What a rescue operation may do beyond its answer: tell every tab what it changed. */
export interface RescueContext {
  announce(change: Omit<DataChange, 'by'>): void;
}

export interface Operations {
  reads: Record<string, (s: Session, ...args: Args) => unknown>;
  writes: Record<string, WriteOp>;
  /** Work even when start-up failed or waits (downloads, backups, restore). */
  rescue: Record<string, (ctx: RescueContext, ...args: Args) => unknown>;
  /** Rescue operations that must not overlap any other operation: they wait their turn. */
  exclusive: ReadonlySet<string>;
}

/** What to restore: one of the backups, or a database file the user chose. */
export type RestoreSource = { backup: string } | { file: Uint8Array; wal?: Uint8Array };

const schemaVersion = (db: Db) => readHistory(db).at(-1)?.version ?? 0;
/** A WAL-mode file given without its -wal: what the user should know about it. */
const walMissing = (bytes: Uint8Array, wal?: Uint8Array) => (hasSqliteHeader(bytes) && isWalMode(bytes) && !wal ? { walMissing: true } : {});
const one = (id: number) => ({ proposals: [id] });
/** A write made of one repository call on the database. */
const simple = (fn: (db: Db, ...args: Args) => unknown, change: WriteOp['change']): WriteOp => ({ commit: (s, args) => fn(s.db, ...args), change });

export function databaseOperations({ startup, storage, migrations, appVersion, secrets, progress }: {
  startup: Startup; storage: DatabaseStorage; migrations: readonly Migration[]; appVersion: string; secrets: SecretBox;
  /** Tells every tab how far an import or a replace with a file is. */
  progress?: OnImportProgress;
}): Operations {
  /** Any database file that leaves the browser: with the API key sealed, never in clear. */
  const outgoing = async (bytes: Uint8Array) => withoutPlainSecret(await startup.sqlite(), bytes, secrets);
  return {
    reads: {
      async info({ raw, db, storage: conn, report }): Promise<DatabaseInfo> {
        const history = readHistory(db);
        const [{ bytes }] = db.query('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()');
        const estimate = await storage.estimate().catch(() => ({ usage: null, quota: null }));
        return {
          schemaVersion: history.at(-1)?.version ?? 0,
          history,
          vfs: conn?.vfs ?? 'memory',
          persistent: conn !== null,
          fileName: conn?.fileName ?? raw.filename,
          databaseBytes: Number(bytes),
          storageUsage: estimate.usage,
          storageQuota: estimate.quota,
          sqliteVersion: (await startup.sqlite()).version.libVersion,
          lastReport: report,
        };
      },
      listProposals: ({ db }, offset = 0, limit = 50) => ({ items: proposals.listProposals(db, offset, limit), total: proposals.countProposals(db) }),
      getProposal: ({ db }, id) => proposals.getProposal(db, id),
      lastEdited: ({ db }) => proposals.lastEdited(db),
      listVersions: ({ db }, id) => proposals.listVersions(db, id),
      search({ db }, query, limit = 50) {
        const t0 = performance.now();
        const hits = proposals.searchProposals(db, query, limit);
        return { hits, ms: performance.now() - t0 };
      },
      getSettings: ({ db }) => openSettings(getSettings(db), secrets),
      previewJsonImport: ({ db }, text) => previewJsonImport(db, text),
      exportJson({ db }) {
        const file = buildExport(db, appVersion);
        return { name: jsonExportName(), text: JSON.stringify(file, null, 2), count: file.proposals.length };
      },
    },
    writes: {
      // A key makes a new proposal one proposal, however often it is sent. Sent again with more
      // text (recovered after a reload or a crash, the first save's answer lost), the text goes
      // into that proposal: answering with the first save alone would drop it.
      createProposal: {
        commit: ({ db }, args) => {
          const { key, ...fields }: ProposalInput = args[0] ?? {};
          const record = key ? `create:${key}` : null;
          const earlier = record ? (appliedResult(db, record)?.value as { id: number } | undefined) : undefined;
          if (earlier && proposals.getProposal(db, earlier.id)) return proposals.updateProposal(db, earlier.id, fields);
          const made = proposals.createProposal(db, fields);
          if (record) rememberApplied(db, record, made);
          return made;
        },
        change: (_, p) => one((p as { id: number }).id),
      },
      updateProposal: simple(proposals.updateProposal, ([id]) => one(id)),
      deleteProposal: simple(proposals.deleteProposal, ([id]) => one(id)),
      restoreProposal: simple(proposals.restoreProposal, ([id]) => one(id)),
      keepVersion: simple((db, id, source, model) => proposals.keepVersion(db, id, source, model ?? null), ([id]) => one(id)),
      saveSettings: {
        prepare: (s, patch: Partial<Settings>) => sealPatch(patch, getSettings(s.db), secrets),
        commit: (s, _, sealed) => saveSettings(s.db, sealed as Partial<Settings>),
        change: () => ({ settings: true }),
        reply: (saved) => openSettings(saved as Settings, secrets),
      },
      importJson: simple((db, text, choice) => importJsonText(db, text, choice, progress), () => ({ proposals: 'all', settings: true })),
      importDatabaseFile: {
        async prepare(s, bytes: Uint8Array, wal?: Uint8Array) {
          const file = await readDatabaseFileProposals(await startup.sqlite(), { bytes, wal }, migrations, undefined, progress);
          const backup = s.storage ? await storage.writeBackup(s.storage.exportFile(), schemaVersion(s.db), 'import') : null;
          const desktop = typeof file.metadata.desktop === 'string' ? { desktop: file.metadata.desktop } : {};
          return { file, backup, notes: { ...desktop, ...walMissing(bytes, wal) } };
        },
        commit: (s, _, prepared) => {
          const { file, backup, notes } = prepared as { file: Parameters<typeof importExport>[1]; backup: string | null; notes: object };
          return { ...importExport(s.db, file, 'keep', progress), backup, ...notes };
        },
        change: () => ({ proposals: 'all', backups: true }),
      },
    },
    exclusive: new Set(['restoreDatabase']),
    rescue: {
      async exportDatabase() {
        const name = databaseExportName();
        const session = await startup.session().catch(() => null);
        if (session && !session.storage) return { name, bytes: await outgoing(exportDb(await startup.sqlite(), session.raw)) };
        const conn = startup.connection();
        if (!conn) throw new Error(startup.state.phase === 'failed' ? 'The database file could not be reached.' : 'The database is not open.');
        return { name, bytes: await outgoing(conn.exportFile()) };
      },
      listBackups: () => storage.listBackups(),
      readBackup: async (_, name: string) => outgoing(await storage.readBackup(name)),
      async deleteBackup(ctx, name: string) {
        await storage.deleteBackup(name);
        ctx.announce({ backups: true });
      },
      /** Checks the file, migrates a copy forward, backs the current database up, then swaps. */
      async restoreDatabase(ctx, source: RestoreSource) {
        const sqlite3 = await startup.sqlite();
        const bytes = 'backup' in source ? await storage.readBackup(source.backup) : source.file;
        const wal = 'file' in source ? source.wal : undefined;
        const notes: { desktop?: string } = {};
        const incoming = await openAppDatabaseFile(sqlite3, { bytes, wal }, migrations, 'restored', undefined, { notes, onProgress: progress });
        try {
          const db = sqliteDriver(incoming);
          await sealStoredSecret(db, secrets).catch(() => {}); // else sealed at the next start
          const proposalCount = proposals.countProposals(db);
          const { backup } = await startup.replaceDatabase(incoming);
          ctx.announce({ proposals: 'all', settings: true, backups: true, restored: true });
          return { backup, proposals: proposalCount, schemaVersion: schemaVersion(db), ...notes, ...('file' in source ? walMissing(bytes, wal) : {}) };
        } finally {
          incoming.close();
        }
      },
    },
  };
}
