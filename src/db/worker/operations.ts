// Every owner operation of the DatabaseApi as the owner runs it, on its session: reads, writes
// (each told which change it makes, for the other tabs) and rescue (the database file and the
// backups, which work even after a failed start-up). The table is a mapped type over the
// DatabaseApi: an operation declared there and missing here, or with other arguments or another
// result, does not compile; whether an operation writes is said here and nowhere else.
import { readHistory, type Migration } from '../../migrate/index.ts';
import type { DataChange, DatabaseApi, DatabaseInfo, OwnerOperation } from '../api.ts';
import type { Db } from '../domain/db.ts';
import { buildExport, importExport, importJsonText, previewJsonImport, type OnImportProgress } from '../domain/export-import.ts';
import { databaseExportName, jsonExportName } from '../domain/file-names.ts';
import { PAGE_SIZE, SEARCH_LIMIT } from '../domain/limits.ts';
import * as proposals from '../domain/proposals-repo.ts';
import { getSettings, saveSettings } from '../domain/settings-repo.ts';
import type { Settings } from '../domain/settings.ts';
import type { ProposalInput } from '../domain/proposal.ts';
import { appliedResult, recordApplied, rememberApplied } from '../domain/applied-requests.ts';
import { hasSqliteHeader } from '../domain/sqlite-header.ts';
import { exportDb, isWalMode } from '../sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../sqlite/sqlite-driver.ts';
import { openAppDatabaseFile, readDatabaseFileProposals } from './import-database-file.ts';
import type { SecretBox } from './secret-box.ts';
import { openSettings, sealPatch, sealStoredSecret, withoutPlainSecret } from './secret-settings.ts';
import type { OwnerDatabase, Session } from './owner-database.ts';
import type { DatabaseStorage } from './storage.ts';
import { openSpaceConfig, readSpaceConfig, type SyncController } from './sync-controller.ts';
import { checkSpace } from '../../sync/check-space.ts';
import { queueEverything } from '../../sync/outbox.ts';
import { noteLeft } from '../../sync/rejoin.ts';
import { decodePairing, encodePairing, serverAddress, SyncSetupError } from '../../sync/pairing.ts';
import type { SpaceConfig } from '../../sync/status.ts';
import { outcomeOperations } from './outcome-operations.ts';

type Args<K extends OwnerOperation> = Parameters<DatabaseApi[K]>;
type Result<K extends OwnerOperation> = Awaited<ReturnType<DatabaseApi[K]>>;
type Answer<K extends OwnerOperation> = Result<K> | Promise<Result<K>>;

/** Answers from the session, changing nothing. */
export interface ReadOp<K extends OwnerOperation> {
  read: (s: Session, ...args: Args<K>) => Answer<K>;
}

/** Changes the database: recorded with its request id in the same transaction, announced once committed. */
export type WriteOp<K extends OwnerOperation> = {
  /** Async work before the write (reading a file, a backup); its result goes to `commit`. */
  prepare?: (s: Session, ...args: Args<K>) => Promise<unknown>;
  /** What the other tabs must refresh once it has committed. */
  change: (args: Args<K>, recorded: unknown) => Omit<DataChange, 'by'>;
} & (
  /** The write itself: synchronous, so it runs inside one transaction with its request record. */
  | { commit: (s: Session, args: Args<K>, prepared: unknown) => Result<K>; reply?: undefined }
  /** Recorded as `commit` returns it (which must hold no secret in clear); the caller's answer is `reply`'s. */
  | { commit: (s: Session, args: Args<K>, prepared: unknown) => unknown; reply: (recorded: unknown) => Answer<K> }
);

/** Works even when start-up failed or waits (downloads, backups, restore). */
export interface RescueOp<K extends OwnerOperation> {
  rescue: (ctx: RescueContext, ...args: Args<K>) => Answer<K>;
  /** Must not overlap any other operation: waits its turn, and the next waits for it. */
  exclusive?: boolean;
}

export type Operation<K extends OwnerOperation> = ReadOp<K> | WriteOp<K> | RescueOp<K>;

/** The owner's answer to every owner operation of the DatabaseApi. */
export type OperationTable = { [K in OwnerOperation]: Operation<K> };

/** What a rescue operation may do beyond its answer: tell every tab what it changed. */
export interface RescueContext {
  /** The request's id, the same when it is sent again to another owner. */
  id: string;
  announce(change: Omit<DataChange, 'by'>): void;
}

const schemaVersion = (db: Db) => readHistory(db).at(-1)?.version ?? 0;
/** A WAL-mode file given without its -wal: what the user should know about it. */
const walMissing = (bytes: Uint8Array, wal?: Uint8Array) => (hasSqliteHeader(bytes) && isWalMode(bytes) && !wal ? { walMissing: true } : {});
const changesProposal = (id: number) => ({ proposals: [id] });
/** A write that is one repository call, changing the proposal its first argument names. */
const proposalWrite = <K extends 'updateProposal' | 'deleteProposal' | 'restoreProposal' | 'keepVersion' | 'beginGeneration' | 'finishGeneration'>(
  write: (db: Db, ...args: Args<K>) => Result<K>,
): WriteOp<K> => ({ commit: (s, args) => write(s.db, ...args), change: ([id]) => changesProposal(id) });

/** Asks the server for a new token for this device's space: the old one stops working everywhere. */
async function newToken(config: SpaceConfig, fetchFn: typeof fetch): Promise<string> {
  let res: Response;
  try {
    res = await fetchFn(`${config.server}/spaces/${encodeURIComponent(config.space)}/token`, { method: 'POST', headers: { authorization: `Bearer ${config.token}` } });
  } catch {
    throw new SyncSetupError('unreachable', `The sync server at ${config.server} cannot be reached: the pairing code was not replaced. Try again once it can.`);
  }
  if (res.status === 401 || res.status === 403) throw new SyncSetupError('refused', 'The sync server refused this device: its pairing code was already replaced on another device. Enter the new one.');
  if (!res.ok) throw new SyncSetupError('refused', `The sync server did not replace the pairing code (HTTP ${res.status}).`);
  return ((await res.json()) as { token: string }).token;
}

/** A space this device can use: the server answered and let it in, else a SyncSetupError in words. */
async function admitted(config: SpaceConfig, fetchFn: typeof fetch): Promise<SpaceConfig> {
  const problem = await checkSpace(config, fetchFn);
  if (problem === 'unreachable') throw new SyncSetupError('unreachable', `The sync server at ${config.server} cannot be reached: check its address and your connection, then try again.`);
  if (problem === 'refused') throw new SyncSetupError('refused', 'The sync server refused this pairing code: it is wrong or was replaced. Show the code again on a device that is syncing.');
  if (problem === 'no-space') throw new SyncSetupError('no-space', 'The sync server has no space for this pairing code: it is wrong, or the space was removed from the server.');
  if (problem === 'full') throw new SyncSetupError('full', 'This sync space is full: the server refuses more data.');
  return config;
}

/** A space to enter, its token sealed; `foreign`: the space this device was in had a token it could not open. */
interface Entering { config: SpaceConfig; foreign?: boolean }

/**
 * Puts this device in a space: sync starts once committed (the controller hears of it). The same
 * space again (its token replaced, or the database restored from another browser) is pairing
 * again: only the token changes, and what waits to be sent and the engine's state stay, so
 * nothing is lost or sent twice.
 */
function enterSpace(db: Db, { config, foreign }: Entering, { settings }: { settings: boolean }): void {
  const stored = readSpaceConfig(db);
  if (stored && (stored.server !== config.server || stored.space !== config.space || (stored.doc && stored.doc !== config.doc))) {
    throw new SyncSetupError('already-on', 'This device already syncs with another space: leave sync first to use this one.');
  }
  if (stored) {
    db.query(`UPDATE sync_state SET value = ? WHERE key = 'space'`, [JSON.stringify(config)]);
    // Another browser's device: this one takes an identity of its own with the server.
    if (foreign) db.query(`DELETE FROM sync_storage WHERE key = 'storage-adapter-id'`);
    return;
  }
  db.query(`INSERT INTO sync_state (key, value) VALUES ('space', ?)`, [JSON.stringify(config)]);
  queueEverything(db, { settings });
}

export function databaseOperations({ database, storage, migrations, appVersion, secrets, sync, progress, fetch: fetchFn = (...a) => fetch(...a) }: {
  database: OwnerDatabase; storage: DatabaseStorage; migrations: readonly Migration[]; appVersion: string; secrets: SecretBox;
  sync: SyncController; fetch?: typeof fetch;
  /** Tells every tab how far an import or a replace with a file is. */
  progress?: OnImportProgress;
}): OperationTable {
  /** Any database file that leaves the browser: with the API key and the sync token sealed, never in clear. */
  const outgoing = async (bytes: Uint8Array) => withoutPlainSecret(await database.sqlite(), bytes, secrets);
  /** A space as this device keeps it: its token sealed (a KeyStoreError when it cannot be). */
  const sealed = async (config: SpaceConfig, db: Db): Promise<Entering> => {
    const stored = readSpaceConfig(db);
    return { config: { ...config, token: await secrets.seal(config.token) }, foreign: !!stored && !(await openSpaceConfig(stored, secrets)) };
  };
  return {
    ...outcomeOperations,
    info: {
      async read({ raw, db, storage: conn, report }): Promise<DatabaseInfo> {
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
          sqliteVersion: (await database.sqlite()).version.libVersion,
          lastReport: report,
        };
      },
    },
    listProposals: {
      read: ({ db }, offset = 0, limit = PAGE_SIZE, filter) => ({ items: proposals.listProposals(db, offset, limit, filter), total: proposals.countProposals(db, filter) }),
    },
    getProposal: { read: ({ db }, id) => proposals.getProposal(db, id) },
    lastEdited: { read: ({ db }) => proposals.lastEdited(db) },
    listVersions: { read: ({ db }, id) => proposals.listVersions(db, id) },
    listTrash: { read: ({ db }) => proposals.listTrash(db) },
    search: {
      read({ db }, query, limit = SEARCH_LIMIT, filter) {
        const t0 = performance.now();
        const hits = proposals.searchProposals(db, query, limit, filter);
        return { hits, ms: performance.now() - t0 };
      },
    },
    getSettings: { read: ({ db }) => openSettings(getSettings(db), secrets) },
    previewJsonImport: { read: ({ db }, text) => previewJsonImport(db, text) },
    exportJson: {
      read({ db }) {
        const file = buildExport(db, appVersion);
        return { name: jsonExportName(), text: JSON.stringify(file, null, 2), count: file.proposals.length };
      },
    },

    // A key makes a new proposal one proposal, however often it is sent. Sent again with more
    // text (recovered after a reload or a crash, the first save's answer lost), the text goes
    // into that proposal: answering with the first save alone would drop it.
    createProposal: {
      commit: ({ db }, [input]) => {
        const { key, ...fields }: ProposalInput = input ?? {};
        const record = key ? `create:${key}` : null;
        const earlier = record ? (appliedResult(db, record)?.value as { id: number } | undefined) : undefined;
        if (earlier && proposals.getProposal(db, earlier.id)) return proposals.updateProposal(db, earlier.id, fields);
        const made = proposals.createProposal(db, fields);
        if (record) rememberApplied(db, record, made);
        return made;
      },
      change: (_, made) => changesProposal((made as { id: number }).id),
    },
    updateProposal: proposalWrite(proposals.updateProposal),
    deleteProposal: proposalWrite(proposals.deleteProposal),
    restoreProposal: proposalWrite(proposals.restoreProposal),
    keepVersion: proposalWrite((db, id, source, model) => void proposals.keepVersion(db, id, source, model ?? null)),
    beginGeneration: proposalWrite(proposals.beginGeneration),
    finishGeneration: proposalWrite(proposals.finishGeneration),
    emptyTrash: { commit: (s) => proposals.emptyTrash(s.db), change: (_, ids) => ({ proposals: ids as number[] }) },
    saveSettings: {
      prepare: (s, patch) => sealPatch(patch, getSettings(s.db), secrets),
      commit: (s, _, sealed) => saveSettings(s.db, sealed as Partial<Settings>),
      change: () => ({ settings: true }),
      reply: (saved) => openSettings(saved as Settings, secrets),
    },
    importJson: {
      commit: (s, [text, settings]) => importJsonText(s.db, text, settings, progress),
      change: () => ({ proposals: 'all', settings: true }),
    },
    importDatabaseFile: {
      async prepare(s, bytes, wal) {
        const file = await readDatabaseFileProposals(await database.sqlite(), { bytes, wal }, migrations, undefined, progress);
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

    syncStatus: { read: () => sync.status() },
    syncPairingCode: {
      async read() {
        const config = await sync.config();
        return config?.doc ? encodePairing(config) : null;
      },
    },
    createSyncSpace: {
      async prepare(s, server) {
        const address = serverAddress(server);
        let made: Response;
        try {
          made = await fetchFn(`${address}/spaces`, { method: 'POST' });
        } catch {
          throw new SyncSetupError('unreachable', `The sync server at ${address} cannot be reached: check its address and that it runs, then try again.`);
        }
        if (!made.ok) throw new SyncSetupError('refused', `The sync server at ${address} refused to make a space (HTTP ${made.status}).`);
        const { space, token } = (await made.json()) as { space: string; token: string };
        return sealed({ server: address, space, token }, s.db);
      },
      commit: (s, _, entering) => enterSpace(s.db, entering as Entering, { settings: true }),
      change: () => ({}),
    },
    joinSyncSpace: {
      prepare: async (s, code) => sealed(await admitted(decodePairing(code), fetchFn), s.db),
      commit: (s, _, entering) => enterSpace(s.db, entering as Entering, { settings: false }),
      change: () => ({}),
    },
    replaceSyncToken: {
      async prepare(s) {
        const config = await sync.config();
        if (!config) throw new SyncSetupError('off', 'Sync is off on this device: there is no pairing code to replace.');
        return sealed({ ...config, token: await newToken(config, fetchFn) }, s.db);
      },
      commit: (s, _, entering) => enterSpace(s.db, entering as Entering, { settings: false }),
      change: () => ({}),
    },
    leaveSync: {
      commit({ db }) {
        db.query(`DELETE FROM sync_state`);
        db.query(`DELETE FROM sync_outbox`);
        db.query(`DELETE FROM sync_storage`);
        noteLeft(db);
      },
      change: () => ({}),
    },

    exportDatabase: {
      async rescue() {
        const name = databaseExportName();
        const session = await database.session().catch(() => null);
        if (session && !session.storage) return { name, bytes: await outgoing(exportDb(await database.sqlite(), session.raw)) };
        const conn = database.connection();
        if (!conn) throw new Error(database.state.phase === 'failed' ? 'The database file could not be reached.' : 'The database is not open.');
        return { name, bytes: await outgoing(conn.exportFile()) };
      },
    },
    listBackups: { rescue: () => storage.listBackups() },
    readBackup: { rescue: async (_, name) => outgoing(await storage.readBackup(name)) },
    deleteBackup: {
      async rescue(ctx, name) {
        await storage.deleteBackup(name);
        ctx.announce({ backups: true });
      },
    },
    // Its turn alone: the file is copied between writes, never in the middle of one.
    backupNow: {
      exclusive: true,
      async rescue(ctx) {
        const session = await database.session();
        if (!session.storage) throw new Error('This tab works on a temporary database in memory: there is no file to back up. Use Export to keep its proposals.');
        const name = await storage.writeBackup(session.storage.exportFile(), schemaVersion(session.db), 'manual');
        ctx.announce({ backups: true });
        return name;
      },
    },
    /** Checks the file, migrates a copy forward, backs the current database up, then swaps. */
    restoreDatabase: {
      exclusive: true,
      async rescue(ctx, source) {
        // Sent again because its owner went before answering (a restore reloads the other tabs,
        // the owner's too): the swap brought its record in, so it is answered, never run twice.
        // A new owner's start-up is waited for; a failed one has no record to read.
        const done = await database.session().then((s) => appliedResult(s.db, ctx.id), () => undefined);
        if (done) return done.value as Result<'restoreDatabase'>;
        const sqlite3 = await database.sqlite();
        const bytes = 'backup' in source ? await storage.readBackup(source.backup) : source.file;
        const wal = 'file' in source ? source.wal : undefined;
        const notes: { desktop?: string } = {};
        const incoming = await openAppDatabaseFile(sqlite3, { bytes, wal }, migrations, 'restored', undefined, { notes, onProgress: progress });
        try {
          const db = sqliteDriver(incoming);
          await sealStoredSecret(db, secrets).catch(() => {}); // else sealed at the next start
          const found = { proposals: proposals.countProposals(db), schemaVersion: schemaVersion(db), ...notes, ...('file' in source ? walMissing(bytes, wal) : {}) };
          // The answer is recorded in the incoming database, so it is swapped in with it, atomically.
          const { backup } = await database.replaceDatabase(incoming, (backup) => recordApplied(db, ctx.id, { backup, ...found }));
          // The answer goes out in this task; the announcement waits for the next: it reloads every
          // other tab, this owner's too, and its worker with it.
          setTimeout(() => ctx.announce({ proposals: 'all', settings: true, backups: true, restored: true }));
          return { backup, ...found };
        } finally {
          incoming.close();
        }
      },
    },
  };
}
