// The DatabaseApi over a start-up: every data call waits for start-up and fails with its error if
// it failed; rescue calls (the database file, the backups) work even then.
import { readHistory } from '../../migrate/index.ts';
import type { DatabaseApi, DatabaseInfo } from '../api.ts';
import type { Db } from '../domain/db.ts';
import { buildExport, importExport, importJsonText } from '../domain/export-import.ts';
import { databaseExportName, jsonExportName } from '../domain/file-names.ts';
import * as proposals from '../domain/proposals-repo.ts';
import { getSettings, saveSettings } from '../domain/settings-repo.ts';
import { exportDb } from '../sqlite/sqlite-bytes.ts';
import { readDatabaseFileProposals } from './import-database-file.ts';
import { startDatabase, type StartupDeps } from './startup.ts';

export interface ServiceDeps extends StartupDeps {
  appVersion: string;
}

const schemaVersion = (db: Db) => readHistory(db).at(-1)?.version ?? 0;

export function createDatabaseService(deps: ServiceDeps): DatabaseApi {
  const startup = startDatabase(deps);
  const { storage, migrations, appVersion } = deps;
  /** A repository function as an API call: it runs once start-up is over, on its database. */
  const withDb = <A extends unknown[], R>(fn: (db: Db, ...args: A) => R) => async (...args: A): Promise<Awaited<R>> =>
    fn((await startup.session()).db, ...args) as Awaited<R>;

  return {
    async startup(onChange) {
      if (onChange) startup.onChange(onChange);
      return startup.state;
    },
    takeOver: () => startup.takeOver(),
    useMemoryDatabase: () => startup.useMemoryDatabase(),

    async info(): Promise<DatabaseInfo> {
      const { raw, db, storage: conn, report } = await startup.session();
      const history = readHistory(db);
      const [{ bytes }] = db.query('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()');
      const estimate = await storage.estimate().catch(() => ({ usage: null, quota: null }));
      return {
        schemaVersion: history.at(-1)?.version ?? 0,
        history,
        backups: conn ? await storage.listBackups() : [],
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
    listProposals: withDb((db, offset = 0, limit = 50) => ({ items: proposals.listProposals(db, offset, limit), total: proposals.countProposals(db) })),
    getProposal: withDb(proposals.getProposal),
    createProposal: withDb(proposals.createProposal),
    updateProposal: withDb(proposals.updateProposal),
    deleteProposal: withDb(proposals.deleteProposal),
    restoreProposal: withDb(proposals.restoreProposal),
    keepVersion: withDb((db, id: number, source: 'generated' | 'edited', model?: string | null) => proposals.keepVersion(db, id, source, model ?? null)),
    listVersions: withDb(proposals.listVersions),
    search: withDb((db, query: string, limit = 50) => {
      const t0 = performance.now();
      const hits = proposals.searchProposals(db, query, limit);
      return { hits, ms: performance.now() - t0 };
    }),
    getSettings: withDb(getSettings),
    saveSettings: withDb(saveSettings),

    exportJson: withDb((db) => {
      const file = buildExport(db, appVersion);
      return { name: jsonExportName(), text: JSON.stringify(file, null, 2), count: file.proposals.length };
    }),
    importJson: withDb(importJsonText),
    async importDatabaseFile(bytes) {
      const s = await startup.session();
      const file = await readDatabaseFileProposals(await startup.sqlite(), bytes, migrations);
      const backup = s.storage ? await storage.writeBackup(s.storage.exportFile(), schemaVersion(s.db)) : null;
      return { ...importExport(s.db, file), backup };
    },

    async exportDatabase() {
      const name = databaseExportName();
      const session = await startup.session().catch(() => null);
      if (session && !session.storage) return { name, bytes: exportDb(await startup.sqlite(), session.raw) };
      const conn = startup.connection();
      if (!conn) throw new Error(startup.state.phase === 'failed' ? 'The database file could not be reached.' : 'The database is not open in this tab.');
      return { name, bytes: conn.exportFile() };
    },
    listBackups: () => storage.listBackups(),
    readBackup: (name) => storage.readBackup(name),
  };
}
