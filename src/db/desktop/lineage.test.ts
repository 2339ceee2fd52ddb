import { readFileSync } from 'node:fs';
import bundled from 'virtual:migrations';
import { describe, expect, it } from 'vitest';
import { readHistory, type AppliedMigration } from '../../migrate/index.ts';
import { FIXTURES } from '../../testing/desktop-fixture-data.ts';
import { sqlite3 } from '../../testing/sqlite.ts';
import { openSqliteBytes } from '../sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../sqlite/sqlite-driver.ts';
import { DESKTOP_DEV_BUILD_MIGRATIONS, DESKTOP_MIGRATIONS, describeDesktopHistory, recogniseDesktopHistory } from './lineage.ts';

const row = (version: number, name: string, checksum: string): AppliedMigration => ({ version, name, checksum, appliedOn: '2026-02-15T08:00:00Z' });
const desktopHistory = (k: number, ending: 'lf' | 'crlf') => DESKTOP_MIGRATIONS.slice(0, k).map((f) => row(f.version, f.name, f[ending]));

describe('the desktop app\'s migration history', () => {
  for (const ending of ['lf', 'crlf'] as const) {
    it(`is recognised at every V1…V30, checksums with ${ending.toUpperCase()} line endings`, () => {
      for (let k = 1; k <= DESKTOP_MIGRATIONS.length; k++) {
        expect(recogniseDesktopHistory(desktopHistory(k, ending))).toEqual({ kind: 'desktop', version: k, lineEndings: ending.toUpperCase() });
      }
    });
  }

  it('is recognised with mixed line endings (a Windows build, then a Linux one)', () => {
    const h = [...desktopHistory(27, 'crlf'), ...desktopHistory(30, 'lf').slice(27)];
    expect(recogniseDesktopHistory(h)).toEqual({ kind: 'desktop', version: 30, lineEndings: 'mixed' });
  });

  it('refuses a lookalike with one checksum changed, wherever it is, naming the migration', () => {
    for (let i = 0; i < DESKTOP_MIGRATIONS.length; i++) {
      const h = desktopHistory(30, i % 2 ? 'lf' : 'crlf');
      h[i] = { ...h[i], checksum: String(BigInt(h[i].checksum) ^ 1n) };
      const r = recogniseDesktopHistory(h);
      expect(r?.kind).toBe('refused');
      expect(r).toMatchObject({ reason: expect.stringContaining(`its V${i + 1}__${DESKTOP_MIGRATIONS[i].name} has the checksum ${h[i].checksum}, which no desktop build has`) });
    }
  });

  it('refuses a history that skips one, renames one, or goes past V30, saying so', () => {
    const skip = desktopHistory(10, 'lf').filter((r) => r.version !== 4);
    expect(recogniseDesktopHistory(skip)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/skips V4__add_draft_status/) });
    const renamed = desktopHistory(10, 'lf').map((r) => (r.version === 6 ? { ...r, name: 'add_something_else' } : r));
    expect(recogniseDesktopHistory(renamed)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/its V6__add_something_else is not the desktop's V6__add_encryption_metadata/) });
    const newer = [...desktopHistory(30, 'lf'), row(31, 'add_future', '1')];
    expect(recogniseDesktopHistory(newer)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/newer desktop build than this app knows \(V31__add_future/) });
  });

  it('names the desktop\'s early development builds (V1__initial_schema with their checksums), LF or CRLF', () => {
    for (const ending of ['lf', 'crlf'] as const) {
      const h = DESKTOP_DEV_BUILD_MIGRATIONS.map((f) => row(f.version, f.name, f[ending]));
      expect(recogniseDesktopHistory(h)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/an early development build of the desktop app \(February 2026: V1__initial_schema, V2__add_settings_table…/) });
    }
  });

  it('leaves this app\'s own history (same V1 name as the early builds, other checksum) and an empty one to the app', () => {
    expect(recogniseDesktopHistory(bundled.map((m) => row(m.version, m.name, m.checksum)))).toBeNull();
    expect(recogniseDesktopHistory([])).toBeNull();
    expect(recogniseDesktopHistory([row(1, 'create_users', '42')])).toBeNull();
  });

  it('matches the fixtures built from the desktop\'s real files, as refinery recorded them', () => {
    const cases = [[FIXTURES.v27lf, 27, 'LF'], [FIXTURES.v27crlf, 27, 'CRLF'], [FIXTURES.v30lf, 30, 'LF'], [FIXTURES.v30crlfLive, 30, 'CRLF']] as const;
    for (const [path, version, lineEndings] of cases) {
      const { db, wal } = openSqliteBytes(sqlite3, new Uint8Array(readFileSync(path)), { check: 'quick' });
      expect(wal).toBe(true); // as the desktop app leaves it
      expect(recogniseDesktopHistory(readHistory(sqliteDriver(db)))).toEqual({ kind: 'desktop', version, lineEndings });
      db.close();
    }
  });

  it('is described in words', () => {
    expect(describeDesktopHistory({ version: 27, lineEndings: 'CRLF' })).toBe('the desktop app\'s database at V27 (release v0.1.1), migrations with CRLF line endings (a Windows build)');
    expect(describeDesktopHistory({ version: 30, lineEndings: 'LF' })).toBe('the desktop app\'s database at V30 (a build after release v0.1.1), migrations with LF line endings (a macOS or Linux build)');
  });
});
