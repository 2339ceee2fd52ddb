import all from 'virtual:migrations';
import { describe, expect, it } from 'vitest';
import { sqlite3 } from '../testing/sqlite.ts';
import { exportDb, openMemoryDb } from '../db/sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../db/sqlite/sqlite-driver.ts';
import { BatchWeakenedError, migrate, refineryChecksum, type Migration } from './index.ts';

const bundled = all.filter((m) => m.version <= 2);
// Built by hand, past loadMigration's checks, as a file from elsewhere could be.
const raw = (version: number, name: string, sql: string): Migration => ({ version, name, sql, checksum: refineryChecksum(version, name, sql) });

/** A database at V2 with a row, on a rollback journal (DELETE), as a file on disk is. */
async function atV2() {
  const db = openMemoryDb(sqlite3, new Uint8Array());
  const d = sqliteDriver(db);
  await migrate(d, bundled);
  d.exec(`INSERT INTO proposals (job_content, generated_text) VALUES ('kept', 'as it was')`);
  return { db, d };
}

describe('a migration cannot end or weaken the batch transaction at run time', () => {
  it('journal_mode = OFF at the start of the batch: stopped before any row changes unjournaled; nothing is left changed', async () => {
    const { db, d } = await atV2();
    const before = d.query('SELECT job_content, generated_text FROM proposals');
    const history = d.query('SELECT version FROM refinery_schema_history');
    const bad = raw(3, 'weakens', `PRAGMA journal_mode = OFF;\nUPDATE proposals SET job_content = 'changed';\nINSERT INTO nowhere VALUES (1);\n`);
    const error = await migrate(d, [...bundled, bad]).catch((e) => e);
    expect(error.message).toMatch(/line 1 changed the journal mode from memory to off/);
    expect(error).toBeInstanceOf(BatchWeakenedError);
    expect(error).toMatchObject({ version: 3, migrationName: 'weakens', line: 1 });
    expect(d.query('SELECT job_content, generated_text FROM proposals')).toEqual(before);
    expect(d.query('SELECT version FROM refinery_schema_history')).toEqual(history);
    // The connection is back on its own journal for what comes next.
    expect(d.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'memory' }]);
    expect(exportDb(sqlite3, db).length).toBeGreaterThan(0);
    db.close();
  });
});
