import type { ErrorInfo } from '../db/api.ts';

export interface Explanation {
  title: string;
  /** What happened, in plain words. */
  body: string;
  /** What the user can do. */
  advice: string;
  /** Offer a reload as the way forward (a newer app version may be waiting). */
  reload: boolean;
}

const SAFE = 'Nothing was changed: your data is exactly as it was before.';
const label = (e: ErrorInfo, nameField = 'migrationName') => `V${e.version}__${String(e[nameField] ?? e.name)}`;

/** Turns a start-up error into words for the error screen. */
export function explainStartupError(e: ErrorInfo): Explanation {
  switch (e.kind) {
    case 'failed':
      return {
        title: 'The database update failed',
        body: `Migration ${label(e)} failed at line ${e.line}: ${e.sqliteMessage}. ${SAFE}`,
        advice: 'Download your database and backups below to keep them safe, and report this problem. Going back to the previous version of the app works with your data as it is.',
        reload: false,
      };
    case 'foreign-key':
      return {
        title: 'The database update failed',
        body: `After updating to V${e.lastVersion}, some rows broke a foreign-key rule (${e.message}). The update was undone. ${SAFE}`,
        advice: 'Download your database below and report this problem.',
        reload: false,
      };
    case 'missing':
      return e.reason === 'newer-database'
        ? {
          title: 'This database was updated by a newer version of the app',
          body: `It is at version ${e.version} (${label(e)}), and this copy of the app only knows up to version ${e.newestBundled}. ${SAFE}`,
          advice: 'Reload to update the app. If that does not help, the newer version is still on its way: try again in a moment.',
          reload: true,
        }
        : {
          title: 'The database history does not match this app',
          body: `${e.message}. ${SAFE}`,
          advice: 'This version of the app is missing a migration the database expects. Reload to update, or download your database below.',
          reload: true,
        };
    case 'divergent':
      return {
        title: 'A migration file was changed after it was applied',
        body: `Migration V${e.version}__${e.appliedName} in this app differs from the one your database was updated with (checksum ${e.bundledChecksum}, the database recorded ${e.appliedChecksum}). ${SAFE}`,
        advice: 'This is a bug in this version of the app: shipped migrations must never change. Reload to get a fixed version, and download your database to keep it safe.',
        reload: true,
      };
    case 'invalid-history':
      return {
        title: 'The database history cannot be read',
        body: `${e.message}. ${SAFE}`,
        advice: 'Download your database and backups below and report this problem.',
        reload: false,
      };
    default:
      return /SQLITE_NOTADB|file is not a database/i.test(e.message)
        ? {
          title: 'The stored database file is damaged',
          body: `SQLite cannot read it: ${e.message}. Nothing has been deleted.`,
          advice: 'Download the file and your backups below: a backup can be restored, and the file may still be recoverable.',
          reload: false,
        }
        : {
          title: 'The database could not be opened',
          body: e.message,
          advice: 'Download your database and backups below to keep them safe, then reload to try again.',
          reload: true,
        };
  }
}

/** A write that failed, in words for the editor and the panels: lack of space is named as such. */
export function explainWriteError(message: string): string {
  const room = 'Free some space: delete old backups in Database, or let the browser keep more (Database, Keep my data on this device)';
  if (/SQLITE_FULL|disk is full|quota/i.test(message)) {
    return `this browser's storage for the app is full (nothing already saved was lost). ${room}`;
  }
  // OPFS reports a full quota to SQLite as a plain I/O error: say what it most likely is.
  if (/SQLITE_IOERR/.test(message)) {
    return `this browser could not write to the app's storage, most likely because it is full (${message}; nothing already saved was lost). ${room}`;
  }
  return message;
}
