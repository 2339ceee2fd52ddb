// Every error the person can meet, in words: a failed start-up (a screen of its own) and a failed
// call (a notice where it was made, notice.tsx). Each typed kind of error has its case; a kind
// added to ErrorKind without words here does not compile.
import type { ErrorInfo, ErrorKind } from '../db/api.ts';
import { toErrorInfo } from '../db/error-info.ts';
import { migrationLabel } from '../migrate/migration-name.ts';

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
const label = (e: ErrorInfo, nameField = 'migrationName') => migrationLabel({ version: Number(e.version), name: String(e[nameField] ?? e.name) });
/** The compiler's check that every kind has its case: `kind` is `never` once they all do. */
const noWordsFor = (kind: never, e: ErrorInfo): string => { void kind; return e.message; };

/** Turns a start-up error into words for the error screen. */
export function explainStartupError(e: ErrorInfo): Explanation {
  const kind = e.kind;
  switch (kind) {
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
        body: `Migration ${label(e, 'appliedName')} in this app differs from the one your database was updated with (checksum ${e.bundledChecksum}, the database recorded ${e.appliedChecksum}). ${SAFE}`,
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
    case 'batch-weakened':
      return {
        title: 'The database update was stopped',
        body: `Migration ${label(e)} at line ${e.line} ${e.what}, which would have let a failure leave the update half done, so it was stopped and undone. ${SAFE}`,
        advice: 'This version of the app has a migration it should not have shipped: reload to get a fixed version, and download your database below to keep it safe.',
        reload: true,
      };
    case 'run':
      return {
        title: 'The database update could not run',
        body: `${e.message}. ${SAFE}`,
        advice: 'Download your database and backups below to keep them safe, then reload to try again.',
        reload: true,
      };
    case 'invalid-file': case 'bad-file': case 'bad-import': case 'bad-setting': case 'bad-outcome':
    case 'locked': case 'unavailable': case 'stale-build': case 'unknown-operation': case 'key-store': case 'sync':
    case undefined:
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
    default:
      return { title: 'The database could not be opened', body: noWordsFor(kind, e), advice: 'Reload to try again.', reload: true };
  }
}

/** Why a call to the database failed, in words for the notice where it was made. */
export function explainFailure(error: unknown): string {
  const e = toErrorInfo(error);
  const kind: ErrorKind | undefined = e.kind;
  switch (kind) {
    // SQLite's own error, or the browser's: lack of space is named as such.
    case undefined:
      return explainWriteError(e.message);
    // The database did not start: calls get its error.
    case 'invalid-file': case 'invalid-history': case 'missing': case 'divergent': case 'failed': case 'batch-weakened': case 'foreign-key': case 'run': {
      const x = explainStartupError(e);
      return `${x.title}. ${x.body}`;
    }
    // These name the problem and what to do in their own message.
    case 'bad-file': case 'bad-import': case 'bad-setting': case 'bad-outcome': case 'locked': case 'unavailable': case 'stale-build': case 'key-store': case 'sync':
      return e.message;
    case 'unknown-operation':
      return `${e.message} This tab and the one serving the database run different versions of the app: reload this tab.`;
    default:
      return noWordsFor(kind, e);
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
