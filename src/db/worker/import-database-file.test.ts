import { readFileSync } from 'node:fs';
import bundled from 'virtual:migrations';
import { describe, expect, it } from 'vitest';
import { migratedDb, sqlite3, testDb } from '../../testing/sqlite.ts';
import { importExport } from '../domain/export-import.ts';
import { readDatabaseFileProposals } from './import-database-file.ts';

const migrated = migratedDb;

describe('database file import', () => {
  it('reads a database refinery made (this app\'s history at V2), migrating a copy forward', async () => {
    const bytes = new Uint8Array(readFileSync('src/testing/fixtures/refinery-made.sqlite3'));
    const original = new Uint8Array(bytes);
    const file = await readDatabaseFileProposals(sqlite3, bytes, bundled);
    expect(file.proposals.map((p) => [p.job_content, p.created_at])).toEqual([
      ['Need a React developer for a dashboard', '2025-03-14 09:30:00'],
      ['Rust CLI tool — parse CSV files', '2025-03-15 11:00:00'],
    ]);
    expect(bytes).toEqual(original); // the input is never changed
    const t = await migrated();
    expect(importExport(t.db, file)).toMatchObject({ added: 2 });
  });

  it('reads a WAL-mode database refinery made', async () => {
    const file = await readDatabaseFileProposals(sqlite3, new Uint8Array(readFileSync('src/testing/fixtures/refinery-made-wal.sqlite3')), bundled);
    expect(file.proposals).toHaveLength(2);
  });

  it.each([
    ['not SQLite', () => new TextEncoder().encode('x'.repeat(500)), /not an SQLite database/],
    ['damaged', () => { const b = new Uint8Array(readFileSync('src/testing/fixtures/refinery-made.sqlite3')); b.fill(0x5a, 4096, 16384); return b; }, /is damaged \(integrity check|cannot be read as SQLite/],
    ['newer than the app', () => {
      const t = testDb(new Uint8Array(readFileSync('src/testing/fixtures/refinery-made.sqlite3')));
      t.db.exec(`INSERT INTO refinery_schema_history VALUES (99, 'future', '2030-01-01T00:00:00Z', '1')`);
      const b = t.bytes(); t.close(); return b;
    }, /newer version of the app \(V99__future\)/],
    ['not this app\'s', () => { const t = testDb(); t.db.exec('CREATE TABLE other (x)'); const b = t.bytes(); t.close(); return b; }, /not an Upwork Researcher database/],
    ['empty', () => new Uint8Array(), /The database file is empty/],
  ])('refuses a file that is %s', async (_, make, message) => {
    await expect(readDatabaseFileProposals(sqlite3, make(), bundled)).rejects.toThrow(message);
  });
});

describe('database file import bounds its work', () => {
  const refineryMade = () => testDb(new Uint8Array(readFileSync('src/testing/fixtures/refinery-made.sqlite3')));

  it('refuses a file whose proposals is a view (a recursive one would run forever)', async () => {
    const t = refineryMade();
    t.db.exec(`DROP TABLE proposals; CREATE VIEW proposals AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)
      SELECT x AS id, 'job' AS job_content, 'text' AS generated_text, '2025-01-01' AS created_at, NULL AS updated_at FROM r`);
    const bytes = t.bytes(); t.close();
    await expect(readDatabaseFileProposals(sqlite3, bytes, bundled)).rejects.toThrow(/"proposals" is a view, not a table/);
  });

  // Bounded (a few seconds of work per row it fires for), so that without the limit this test
  // fails rather than hangs; a real crafted file need not be bounded at all.
  it('gives up, saying so, when a file makes SQLite work past the time limit (a crafted trigger)', async () => {
    const t = refineryMade();
    t.db.exec(`CREATE TRIGGER slow AFTER INSERT ON refinery_schema_history BEGIN
      SELECT count(*) FROM (WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r LIMIT 3000000) SELECT x FROM r);
    END;`);
    const bytes = t.bytes(); t.close();
    await expect(readDatabaseFileProposals(sqlite3, bytes, bundled, 300)).rejects.toThrow(/took longer than 0\.3 seconds, so the app gave up/);
  });
});
