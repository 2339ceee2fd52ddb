import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKPOINTED_PROPOSALS, FIXTURES, PROPOSALS } from '../../testing/desktop-fixture-data.ts';
import { sqlite3 } from '../../testing/sqlite.ts';
import { openSqliteBytes } from './sqlite-bytes.ts';
import { sqliteDriver } from './sqlite-driver.ts';
import { applyWal } from './wal-file.ts';

const main = new Uint8Array(readFileSync(FIXTURES.v30crlfLive));
const wal = new Uint8Array(readFileSync(`${FIXTURES.v30crlfLive}-wal`));
const proposals = (bytes: Uint8Array) => {
  const { db } = openSqliteBytes(sqlite3, bytes, { check: 'full' });
  try { return Number(sqliteDriver(db).query('SELECT count(*) AS n FROM proposals')[0].n); } finally { db.close(); }
};

describe('a -wal beside a WAL-mode database', () => {
  it('has its committed frames applied, as SQLite reads them; neither input is changed', () => {
    const [m, w] = [new Uint8Array(main), new Uint8Array(wal)];
    const r = applyWal(main, wal);
    expect(r.frames).toBeGreaterThan(0);
    expect(proposals(r.bytes)).toBe(PROPOSALS.length);
    expect(proposals(main)).toBe(CHECKPOINTED_PROPOSALS);
    expect([main, wal]).toEqual([m, w]);
  });

  it('leaves out a transaction whose commit frame was not written whole, or whose frame fails its checksum', () => {
    expect(applyWal(main, wal.subarray(0, wal.length - 100))).toEqual({ bytes: main, frames: 0 });
    const flipped = new Uint8Array(wal);
    flipped[32 + 24 + 100] ^= 0xff; // in the first frame's page
    expect(applyWal(main, flipped)).toEqual({ bytes: main, frames: 0 });
  });

  it('adds nothing when empty (checkpointed and truncated), and refuses what is not a WAL file, or another page size', () => {
    expect(applyWal(main, new Uint8Array())).toEqual({ bytes: main, frames: 0 });
    expect(() => applyWal(main, new TextEncoder().encode('not a wal file at all, just some text here'), 'x.db-wal')).toThrow(/^x\.db-wal: is not an SQLite WAL file/);
    const other = new Uint8Array(wal);
    new DataView(other.buffer).setUint32(8, 1024);
    expect(() => applyWal(main, other)).toThrow(/^the -wal file: does not belong to this database \(its page size is 1024, the database's 4096\)/);
  });
});
