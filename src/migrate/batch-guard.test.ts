import all from 'virtual:migrations';
import { describe, expect, it } from 'vitest';
import { sqlite3 } from '../testing/sqlite.ts';
import { exportDb, openMemoryDb } from '../db/sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../db/sqlite/sqlite-driver.ts';
import { BatchWeakenedError, migrate, refineryChecksum, type Migration } from './index.ts';

const bundled = all.filter((m) => m.version <= 2);
// Built by hand, past loadMigration's checks, as a file from elsewhere could be.
const raw = (version: number, name: string, sql: string): Migration => ({ version, name, sql, checksum: refineryChecksum(version, name, sql) });

/** A database at V2 with a row (in memory, so its journal mode is `memory`). */
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
    // What a copy of the file holds is the row as it was, at V2.
    const copy = sqliteDriver(openMemoryDb(sqlite3, exportDb(sqlite3, db)));
    expect(copy.query('SELECT job_content, generated_text FROM proposals')).toEqual([{ job_content: 'kept', generated_text: 'as it was' }]);
    expect(copy.query('SELECT max(version) AS v FROM refinery_schema_history')).toEqual([{ v: 2 }]);
    db.close();
  });
});

describe('a migration that ends the batch transaction itself', () => {
  it('is stopped at its next PRAGMA, named with that line, as one that ended the transaction', async () => {
    const { db, d } = await atV2();
    const bad = raw(3, 'commits', `PRAGMA user_version = 3;\nCOMMIT;\nPRAGMA user_version = 4;\nUPDATE proposals SET job_content = 'changed';\n`);
    const error = await migrate(d, [...bundled, bad]).catch((e) => e);
    expect(error).toBeInstanceOf(BatchWeakenedError);
    expect(error).toMatchObject({ version: 3, migrationName: 'commits', line: 3, what: 'ended the transaction' });
    // Stopped before the statement after it could change anything.
    expect(d.query('SELECT job_content FROM proposals')).toEqual([{ job_content: 'kept' }]);
    db.close();
  });
});

describe('a migration that fails whole but not a statement at a time (a passing failure: the database was busy)', () => {
  it('is reported as failed at its first line with the first error, and nothing is applied', async () => {
    const { db, d } = await atV2();
    const later = raw(3, 'later', `CREATE TABLE later (x);\nINSERT INTO later VALUES (1);\n`);
    let failures = 1;
    const flaky = { ...d, exec(sql: string) { if (sql === later.sql && failures-- > 0) throw new Error('database is locked'); d.exec(sql); } };
    const error = await migrate(flaky, [...bundled, later]).catch((e) => e);
    expect(error).toMatchObject({ kind: 'failed', version: 3, migrationName: 'later', line: 1, sqliteMessage: 'database is locked' });
    expect(d.query(`SELECT name FROM sqlite_master WHERE name = 'later'`)).toEqual([]);
    expect(d.query('SELECT max(version) AS v FROM refinery_schema_history')).toEqual([{ v: 2 }]);
    db.close();
  });
});
