import { describe, expect, it } from 'vitest';
import { DivergentMigrationError, MigrationFailedError, MissingMigrationError } from '../migrate/index.ts';
import { toErrorInfo } from '../db/error-info.ts';
import { explainStartupError } from './explain-error.ts';

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
