import { describe, expect, it } from 'vitest';
import { BatchWeakenedError, DivergentMigrationError, MigrationFailedError, MigrationRunError, MissingMigrationError } from '../migrate/index.ts';
import { toErrorInfo } from '../db/error-info.ts';
import { explainFailure, explainStartupError, explainWriteError } from './explain-error.ts';

describe('explainStartupError', () => {
  it('names the failed migration, its line and SQLite message, and says nothing changed', () => {
    const x = explainStartupError(toErrorInfo(new MigrationFailedError(3, 'broken', 4, 'INSERT INTO x', 'no such table: x')));
    expect(x.title).toBe('The database update failed');
    expect(x.body).toContain('V3__broken failed at line 4: no such table: x');
    expect(x.body).toContain('Nothing was changed');
  });

  it('says a newer app updated the database and to reload', () => {
    const x = explainStartupError(toErrorInfo(new MissingMigrationError(3, 'add_status', 'newer-database', 2)));
    expect(x).toMatchObject({ title: 'This database was updated by a newer version of the app', reload: true });
    expect(x.advice).toMatch(/^Reload to update/);
  });

  it('says a migration file was changed after it was applied', () => {
    const x = explainStartupError(toErrorInfo(new DivergentMigrationError(2, 'add_settings_table', '1', 'add_settings_table', '2')));
    expect(x.title).toBe('A migration file was changed after it was applied');
    expect(x.body).toContain('V2__add_settings_table');
  });

  it('recognises a damaged file', () => {
    expect(explainStartupError({ name: 'SQLite3Error', message: 'SQLITE_NOTADB: file is not a database' }).title).toBe('The stored database file is damaged');
  });
});

describe('explainStartupError, for the kinds that had no words', () => {
  it('a migration that weakened the batch: named, with its line and what it did', () => {
    const x = explainStartupError(toErrorInfo(new BatchWeakenedError(5, 'wal', 2, 'PRAGMA journal_mode = WAL', 'changed the journal mode from delete to wal')));
    expect(x.title).toBe('The database update was stopped');
    expect(x.body).toContain('Migration V5__wal at line 2 changed the journal mode from delete to wal');
  });

  it('a step of the run itself (BEGIN, COMMIT, the history table): named', () => {
    const x = explainStartupError(toErrorInfo(new MigrationRunError('the migration transaction', 'database is locked')));
    expect(x.title).toBe('The database update could not run');
    expect(x.body).toContain('the migration transaction failed: database is locked');
  });
});

describe('explainWriteError', () => {
  it('a full storage is named as such', () => {
    expect(explainWriteError('SQLITE_FULL: database or disk is full')).toMatch(/^this browser's storage for the app is full \(nothing already saved was lost\)\. Free some space/);
  });

  it('an I/O error (how OPFS reports a full quota) is said to be most likely that, with SQLite\'s words', () => {
    expect(explainWriteError('SQLITE_IOERR: disk I/O error')).toMatch(/^this browser could not write to the app's storage, most likely because it is full \(SQLITE_IOERR: disk I\/O error; nothing already saved was lost\)/);
  });

  it('anything else is left as it was', () => {
    expect(explainWriteError('no such proposal: 7')).toBe('no such proposal: 7');
  });
});

describe('explainFailure (a failed call)', () => {
  it('an untyped error goes through the storage words', () => {
    expect(explainFailure(new Error('SQLITE_FULL'))).toMatch(/^this browser's storage for the app is full/);
  });

  it('a typed error from the worker says what it is', () => {
    expect(explainFailure(Object.assign(new Error('A newer version of Upwork Researcher is open in another tab: reload this tab to use it.'), { kind: 'stale-build' }))).toBe('A newer version of Upwork Researcher is open in another tab: reload this tab to use it.');
  });

  it('a call after a failed start-up gets the start-up words', () => {
    expect(explainFailure(new MigrationFailedError(3, 'broken', 4, 'INSERT INTO x', 'no such table: x'))).toMatch(/^The database update failed\. Migration V3__broken failed at line 4/);
  });

  it('an unknown operation (another build) says to reload', () => {
    expect(explainFailure(Object.assign(new Error('The database has no operation "archive".'), { kind: 'unknown-operation' }))).toMatch(/reload this tab\.$/);
  });
});
