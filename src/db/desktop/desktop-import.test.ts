import { readFileSync } from 'node:fs';
import bundled from 'virtual:migrations';
import { describe, expect, it } from 'vitest';
import { migrate, readHistory } from '../../migrate/index.ts';
import { CHECKPOINTED_PROPOSALS, FIXTURES, OUTCOMES, PROPOSALS, type FixtureProposal } from '../../testing/desktop-fixture-data.ts';
import { expectDesktopFixtureData } from '../../testing/desktop-fixture-checks.ts';
import { migratedDb, sqlite3, testDb, type TestDb } from '../../testing/sqlite.ts';
import type { Db } from '../domain/db.ts';
import { parseExportFile, type ExportFile } from '../domain/export-format.ts';
import { buildExport, importExport, importJsonText } from '../domain/export-import.ts';
import { getSettings } from '../domain/settings-repo.ts';
import { exportDb, openSqliteBytes } from '../sqlite/sqlite-bytes.ts';
import { sqliteDriver } from '../sqlite/sqlite-driver.ts';
import { openAppDatabaseFile, readDatabaseFileProposals, type DatabaseFileInput } from '../worker/import-database-file.ts';
import { inflateZlib, readArchivedRevisions } from './archived-revisions.ts';

const read = (path: string) => new Uint8Array(readFileSync(path));
const live = (withWal: boolean): DatabaseFileInput => ({ bytes: read(FIXTURES.v30crlfLive), wal: withWal ? read(`${FIXTURES.v30crlfLive}-wal`) : undefined });
const count = (db: Db, table: string) => Number(db.query(`SELECT count(*) AS n FROM ${table}`)[0].n);
const expectFixtureData = (db: Db, proposals: readonly FixtureProposal[], settings: 'imported' | 'replaced') => expectDesktopFixtureData(expect, db, proposals, settings);
const DESKTOP_TABLES = ['proposals', 'proposal_versions', 'desktop_proposals', 'desktop_revisions', 'desktop_job_posts', 'desktop_safety_overrides', 'desktop_user_skills', 'desktop_golden_set', 'desktop_voice_profiles', 'settings'];
const counts = (db: Db) => Object.fromEntries(DESKTOP_TABLES.map((t) => [t, count(db, t)]));

/** A copy of a fixture, changed with SQL, as bytes (the fixture file itself is never written). */
function changed(path: string, sql: string): Uint8Array {
  const { db } = openSqliteBytes(sqlite3, read(path), { check: 'quick' });
  try {
    db.exec(sql);
    return exportDb(sqlite3, db);
  } finally {
    db.close();
  }
}

const imported = async (input: DatabaseFileInput | Uint8Array): Promise<TestDb> => {
  const t = await migratedDb();
  importExport(t.db, await readDatabaseFileProposals(sqlite3, input, bundled));
  return t;
};

describe('a desktop app database', () => {
  it.each([
    ['V27, LF (release v0.1.1 on macOS or Linux)', FIXTURES.v27lf],
    ['V27, CRLF (release v0.1.1 on Windows)', FIXTURES.v27crlf],
    ['V30, LF', FIXTURES.v30lf],
  ])('imports whole: %s', async (_, path) => {
    const bytes = read(path);
    const before = new Uint8Array(bytes);
    const t = await imported(bytes);
    expectFixtureData(t.db, PROPOSALS, 'imported');
    expect(bytes).toEqual(before); // the file given is never changed
  });

  it('imports a WAL-mode copy with its -wal (the latest commits are there), and without it only what the file itself holds', async () => {
    const input = live(true);
    const wal = new Uint8Array(input.wal!);
    expectFixtureData((await imported(input)).db, PROPOSALS, 'imported');
    expect(input.wal).toEqual(wal);
    const without = await imported(live(false));
    expect(count(without.db, 'proposals')).toBe(CHECKPOINTED_PROPOSALS);
  });

  it('twice is once: the same file again adds nothing, revisions are not doubled', async () => {
    const t = await imported(read(FIXTURES.v30lf));
    const first = counts(t.db);
    const again = importExport(t.db, await readDatabaseFileProposals(sqlite3, read(FIXTURES.v30lf), bundled));
    expect(again).toMatchObject({ added: 0, alreadyThere: PROPOSALS.length, settingsApplied: 0 });
    // The same data at V27 and through the -wal copy is the same data.
    importExport(t.db, await readDatabaseFileProposals(sqlite3, read(FIXTURES.v27crlf), bundled));
    importExport(t.db, await readDatabaseFileProposals(sqlite3, live(true), bundled));
    expect(counts(t.db)).toEqual(first);
    expect(first).toMatchObject({ proposals: 8, proposal_versions: 8, desktop_revisions: 8, desktop_job_posts: 3, desktop_proposals: 8 });
  });

  it('replaces this app\'s database: converted into this app\'s schema, at its newest version, with its theme and provider', async () => {
    const bytes = read(FIXTURES.v27crlf);
    const before = new Uint8Array(bytes);
    const db = await openAppDatabaseFile(sqlite3, bytes, bundled, 'restored');
    try {
      const d = sqliteDriver(db);
      expectFixtureData(d, PROPOSALS, 'replaced');
      expect(getSettings(d).provider).toBe('anthropic');
      expect(readHistory(d).map((h) => [h.version, h.name])).toEqual(bundled.map((m) => [m.version, m.name]));
      expect(d.query('PRAGMA foreign_key_check')).toEqual([]);
      expect(d.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      db.close();
    }
    expect(bytes).toEqual(before);
  });

  it('keeps every outcome value as written, for the outcome history to come', async () => {
    const t = await imported(read(FIXTURES.v30lf));
    expect(t.db.query('SELECT DISTINCT outcome_status FROM desktop_proposals ORDER BY 1').map((r) => r.outcome_status)).toEqual([...OUTCOMES].sort());
  });

  it.each([
    ['a lookalike (one checksum changed)', () => changed(FIXTURES.v30lf, `UPDATE refinery_schema_history SET checksum = '1' WHERE version = 5`),
      /cannot be imported: it looks like the desktop app's database, but its V5__add_humanization_settings has the checksum 1, which no desktop build has/],
    ['an early development build', () => changed(FIXTURES.v27lf, `DELETE FROM refinery_schema_history WHERE version > 2;
      UPDATE refinery_schema_history SET name = 'initial_schema', checksum = '12397384201902677147' WHERE version = 1;
      UPDATE refinery_schema_history SET name = 'add_settings_table', checksum = '11284448393933036010' WHERE version = 2`),
      /an early development build of the desktop app/],
    ['another application\'s refinery history', () => changed(FIXTURES.v27lf, `DELETE FROM refinery_schema_history WHERE version > 1; UPDATE refinery_schema_history SET name = 'create_users', checksum = '7'`),
      /the refinery migration history of another application \(its first migration is V1__create_users, checksum 7; neither this app's V1__initial_schema nor the desktop app's V1__create_proposals_table\)/],
    ['an archive that does not inflate', () => changed(FIXTURES.v30lf, `UPDATE proposals SET archived_revisions = x'789c0102' WHERE id = 1`),
      /The archived revisions of the desktop's proposal 1 cannot be read/],
    ['an outcome the desktop does not write', () => changed(FIXTURES.v30lf, `UPDATE proposals SET outcome_status = 'won' WHERE id = 3`),
      /The desktop's proposal 3 has the outcome "won", which the desktop app does not write/],
  ])('is refused, in words, when it is %s; nothing here changes', async (_, make, message) => {
    const t = await migratedDb();
    const before = t.bytes();
    await expect(readDatabaseFileProposals(sqlite3, make(), bundled)).rejects.toThrow(message);
    await expect(openAppDatabaseFile(sqlite3, make(), bundled, 'restored')).rejects.toThrow(message.source.includes('cannot be imported') ? /cannot be restored/ : message);
    expect(t.bytes()).toEqual(before);
  });

  it('imported before outcomes existed (V6), gets them from the desktop\'s outcome when V7 runs, mapped and dated', async () => {
    const t = testDb();
    await migrate(t.db, bundled.filter((m) => m.version <= 6));
    const statuses = ['pending', 'submitted', 'response_received', 'interview', 'hired', 'no_response', 'rejected'];
    statuses.forEach((status, i) => {
      t.db.query(`INSERT INTO proposals (id, job_content, generated_text, created_at, updated_at, status) VALUES (?, ?, 'text', '2026-02-01 10:00:00', '2026-03-01 10:00:00', ?)`,
        [i + 1, `job ${status}`, status === 'pending' ? 'draft' : 'sent']);
      t.db.query('INSERT INTO desktop_proposals (proposal_id, outcome_status, outcome_updated_at) VALUES (?, ?, ?)', [i + 1, status, status === 'pending' ? null : `2026-02-0${i + 1} 09:00:00`]);
    });
    t.db.query(`INSERT INTO proposals (id, job_content, generated_text, created_at, updated_at, status) VALUES (8, 'mine, sent', 'text', '2026-02-01 10:00:00', '2026-02-20 10:00:00', 'sent')`);
    await migrate(t.db, bundled);
    expect(t.db.query('SELECT id, outcome, outcome_changed_at, status FROM proposals ORDER BY id')).toEqual([
      { id: 1, outcome: 'draft', outcome_changed_at: null, status: 'draft' },
      { id: 2, outcome: 'sent', outcome_changed_at: '2026-02-02 09:00:00', status: 'sent' },
      { id: 3, outcome: 'replied', outcome_changed_at: '2026-02-03 09:00:00', status: 'sent' },
      { id: 4, outcome: 'interview', outcome_changed_at: '2026-02-04 09:00:00', status: 'sent' },
      { id: 5, outcome: 'hired', outcome_changed_at: '2026-02-05 09:00:00', status: 'sent' },
      { id: 6, outcome: 'no_reply', outcome_changed_at: '2026-02-06 09:00:00', status: 'sent' },
      { id: 7, outcome: 'not_hired', outcome_changed_at: '2026-02-07 09:00:00', status: 'sent' },
      { id: 8, outcome: 'sent', outcome_changed_at: '2026-02-20 10:00:00', status: 'sent' },
    ]);
    expect(t.db.query('SELECT proposal_id, outcome FROM proposal_outcomes ORDER BY proposal_id').map((r) => `${r.proposal_id}:${r.outcome}`))
      .toEqual(['2:sent', '3:replied', '4:interview', '5:hired', '6:no_reply', '7:not_hired', '8:sent']);
  });

  it('an outcome set here survives importing the same desktop file again (its history is merged, not replaced)', async () => {
    const t = await imported(read(FIXTURES.v30lf));
    const [{ id }] = t.db.query(`SELECT p.id FROM proposals p JOIN desktop_proposals d ON d.proposal_id = p.id WHERE d.outcome_status = 'interview'`);
    t.db.query(`INSERT INTO proposal_outcomes (proposal_id, outcome, changed_at) VALUES (?, 'hired', '2026-11-30 12:00:00')`, [id]);
    const history = () => t.db.query('SELECT outcome, changed_at FROM proposal_outcomes WHERE proposal_id = ? ORDER BY changed_at', [id]);
    const before = history();
    expect(importExport(t.db, await readDatabaseFileProposals(sqlite3, read(FIXTURES.v30lf), bundled))).toMatchObject({ added: 0 });
    expect(history()).toEqual(before);
    expect(t.db.query('SELECT outcome FROM proposals WHERE id = ?', [id])[0].outcome).toBe('hired');
  });

  it('an import that fails part-way changes nothing', async () => {
    const t = await imported(read(FIXTURES.v27lf));
    const before = t.bytes();
    const file = await readDatabaseFileProposals(sqlite3, read(FIXTURES.v30lf), bundled);
    file.proposals.push({ ...file.proposals[0], job_content: 'New one', desktop: { record: { ...file.proposals[0].desktop!.record, outcome_status: 'won' }, safety_overrides: [] } });
    expect(() => importExport(t.db, file)).toThrow(/CHECK constraint/);
    expect(t.bytes()).toEqual(before);
  });
});

describe('the desktop app\'s JSON export', () => {
  const text = readFileSync(FIXTURES.export, 'utf8');

  it('imports (camelCase, status draft | completed kept as the generation status), then the database fills in what the export lacks (outcome, link, client, revisions, sent)', async () => {
    const t = await migratedDb();
    expect(importJsonText(t.db, text)).toMatchObject({ added: 8, alreadyThere: 0 });
    const rows = t.db.query('SELECT p.job_content, p.generated_text, p.created_at, p.status, d.generation_status, d.outcome_status FROM proposals p JOIN desktop_proposals d ON d.proposal_id = p.id ORDER BY p.id');
    expect(rows).toEqual(PROPOSALS.map((p) => ({ job_content: p.job, generated_text: p.text, created_at: p.createdAt, status: 'draft', generation_status: p.status, outcome_status: null })));
    expect(importJsonText(t.db, text)).toMatchObject({ added: 0, alreadyThere: 8 });
    expect(importExport(t.db, await readDatabaseFileProposals(sqlite3, read(FIXTURES.v30lf), bundled))).toMatchObject({ added: 0, alreadyThere: 8 });
    expectFixtureData(t.db, PROPOSALS, 'imported');
  });

  it.each([
    ['a field it does not know', (d: { proposals: Record<string, unknown>[] }) => { d.proposals[1].outcome = 'hired'; }, /proposal 2 has a field this app does not know: "outcome"/],
    ['a status it does not write', (d: { proposals: Record<string, unknown>[] }) => { d.proposals[0].status = 'sent'; }, /proposal 1: status must be "draft" or "completed"/],
    ['a count that does not match', (d: { metadata: Record<string, unknown> }) => { d.metadata.proposalCount = 9; }, /says it holds 9 proposals but has 8/],
  ])('is refused with %s', (_, change, message) => {
    const data = JSON.parse(text);
    change(data);
    expect(() => parseExportFile(JSON.stringify(data))).toThrow(message);
  });
});

describe('this app\'s JSON with the desktop records', () => {
  const withoutIds = (f: ExportFile) => ({
    proposals: f.proposals.map(({ id: _, ...p }) => p),
    desktop: f.desktop,
    settings: f.settings,
  });

  it('round-trips everything: export, import elsewhere, export again gives the same; twice is once', async () => {
    const a = await imported(read(FIXTURES.v30lf));
    const exported = buildExport(a.db, '0.1.0');
    const json = JSON.stringify(exported);
    expect(json).not.toContain('sk-ant-desktop-secret');
    const b = await migratedDb();
    expect(importExport(b.db, parseExportFile(json), 'take')).toMatchObject({ added: 8 });
    expectFixtureData(b.db, PROPOSALS, 'imported');
    expect(withoutIds(buildExport(b.db, '0.1.0'))).toEqual(withoutIds(exported));
    const once = counts(b.db);
    expect(importExport(b.db, parseExportFile(json))).toMatchObject({ added: 0, alreadyThere: 8 });
    expect(counts(b.db)).toEqual(once);
  });

  it.each([
    ['a desktop field of a proposal it does not know', (f: ExportFile) => { (f.proposals[0].desktop!.record as Record<string, unknown>).ab_assigned = 1; }, /proposal 1: desktop.record has a field this app does not know: "ab_assigned"/],
    ['an outcome value it does not know', (f: ExportFile) => { f.proposals[0].desktop!.record.outcome_status = 'won'; }, /proposal 1: desktop.record: outcome_status must be one of pending, submitted/],
    ['a job post without its text', (f: ExportFile) => { delete f.desktop!.job_posts[0].raw_content; }, /desktop.job_posts 1: raw_content is missing/],
    ['skills that are not JSON', (f: ExportFile) => { f.desktop!.job_posts[0].skills = 'React, Rust'; }, /desktop.job_posts 1: skills should hold JSON text/],
  ])('refuses %s', async (_, change, message) => {
    const a = await imported(read(FIXTURES.v27lf));
    const file = buildExport(a.db, '0.1.0');
    change(file);
    expect(() => parseExportFile(JSON.stringify(file))).toThrow(message);
  });
});

describe('archived revisions', () => {
  it('inflate (zlib, as the desktop compresses them), and a BLOB that would inflate past the limit is refused', async () => {
    const { deflateSync } = await import('node:zlib');
    const json = JSON.stringify([{ id: 1, proposalId: 9, content: 'Old “text” 🚀\nline 2', revisionType: 'edit', restoredFromId: null, createdAt: '2026-02-01 10:00:00' }]);
    expect(await readArchivedRevisions(deflateSync(Buffer.from(json)), 9)).toEqual([{ id: 1, content: 'Old “text” 🚀\nline 2', revisionType: 'edit', restoredFromId: null, createdAt: '2026-02-01 10:00:00' }]);
    const bomb = deflateSync(Buffer.alloc(3 * 1024 * 1024, 0x20));
    await expect(inflateZlib(bomb, 1024 * 1024)).rejects.toThrow(/inflates to more than 1\.0 MB/);
  });
});

describe('an import tells how far it is', () => {
  it('while reading the desktop file and while adding its proposals', async () => {
    const seen: string[] = [];
    const onProgress = (p: { step: string; done: number; total: number }) => seen.push(`${p.step} ${p.done}/${p.total}`);
    const file = await readDatabaseFileProposals(sqlite3, read(FIXTURES.v30lf), bundled, undefined, onProgress);
    importExport((await migratedDb()).db, file, 'keep', onProgress);
    expect(seen).toEqual(['reading 0/8', 'adding 0/8']);
  });
});
