import { describe, expect, it } from 'vitest';
import { migratedDb } from '../../testing/sqlite.ts';
import { ImportFileError, parseExportFile } from './export-format.ts';
import { buildExport, importExport, importJsonText, previewJsonImport } from './export-import.ts';
import { createProposal, getProposal, keepVersion, listProposals, listVersions, updateProposal } from './proposals-repo.ts';
import { getSettings, saveSettings } from './settings-repo.ts';

const migrated = migratedDb;

/** Every proposal as the database holds it (read through the repository, not the export), oldest first, without ids. */
const stored = (db: Parameters<typeof listProposals>[0]) => listProposals(db, 0, 100).reverse().map(({ id }) => {
  const { id: _id, ...p } = getProposal(db, id)!;
  return { ...p, versions: listVersions(db, id).map(({ id: _v, ...v }) => v) };
});

describe('JSON export and import', () => {
  it('export then import into an empty database gives back the same data', async () => {
    const a = await migrated();
    const p1 = createProposal(a.db, { jobContent: 'Need a Go developer\nfor gRPC', generatedText: 'Hello, "Go" is my thing.', clientName: 'Initech', jobUrl: 'https://www.upwork.com/jobs/~1' });
    keepVersion(a.db, p1.id, 'generated', 'claude');
    updateProposal(a.db, p1.id, { generatedText: 'Edited — with ünïcödé and emoji 🚀', status: 'sent' });
    createProposal(a.db, { jobContent: 'Second job', generatedText: '' });
    saveSettings(a.db, { theme: 'dark', profileName: 'Ana', apiKey: 'sk-secret-key' });
    const exported = buildExport(a.db, '0.1.0');
    const text = JSON.stringify(exported);
    expect(text).not.toContain('sk-secret-key');
    expect(exported.metadata).toMatchObject({ app_version: '0.1.0', proposal_count: 2 });

    const b = await migrated();
    expect(importExport(b.db, parseExportFile(text), 'take')).toEqual({ added: 2, alreadyThere: 0, settingsApplied: expect.any(Number), settingsKept: 0 });
    // What the second database holds is what the first held, field by field: a field the export or
    // the import dropped would differ here (comparing one export with another would not see it).
    const original = stored(a.db);
    // A hand-written text is kept as such whatever the caller guessed, never with a model; the text
    // as sent is kept, marked, with the date.
    expect(original[0]).toMatchObject({
      clientName: 'Initech', jobUrl: 'https://www.upwork.com/jobs/~1', status: 'sent', sentAt: expect.stringMatching(/^\d{4}-/), textSource: 'edited', textModel: null,
      versions: [{ generatedText: 'Edited — with ünïcödé and emoji 🚀' }, { generatedText: 'Hello, "Go" is my thing.', source: 'edited', model: null }],
    });
    expect(listVersions(a.db, p1.id)[0].id).toBe(original[0].sentVersionId);
    expect(stored(b.db)).toEqual(original);
    const withoutKey = ({ apiKey: _k, ...rest }: ReturnType<typeof getSettings>) => rest;
    expect(withoutKey(getSettings(b.db))).toEqual(withoutKey(getSettings(a.db)));
    expect(getSettings(b.db)).toMatchObject({ theme: 'dark', profileName: 'Ana', apiKey: '' });

    // Importing twice adds nothing.
    expect(importExport(b.db, parseExportFile(text))).toMatchObject({ added: 0, alreadyThere: 2 });
  });

  it('reads the desktop app\'s export format', async () => {
    const desktop = JSON.stringify({
      metadata: { export_date: '2025-03-15T12:00:00Z', app_version: '0.1.0', proposal_count: 1 },
      proposals: [{ id: 7, job_content: 'Desktop job', generated_text: 'Desktop proposal', created_at: '2025-03-14 09:30:00', updated_at: null }],
    });
    const t = await migrated();
    expect(importExport(t.db, parseExportFile(desktop))).toEqual({ added: 1, alreadyThere: 0, settingsApplied: 0, settingsKept: 0 });
    expect(listProposals(t.db)[0]).toMatchObject({ title: 'Desktop job', createdAt: '2025-03-14 09:30:00', status: 'draft' });
  });

  const valid = { job_content: 'J', generated_text: 'G', created_at: '2025-01-01 00:00:00', updated_at: null };
  it.each([
    ['empty', '', /empty/],
    ['not JSON', 'hello', /not valid JSON/],
    ['truncated', JSON.stringify({ proposals: [valid, valid] }).slice(0, 40), /cut short|not valid JSON/],
    ['wrong shape', JSON.stringify([valid]), /no "proposals" list/],
    ['a proposal without job content', JSON.stringify({ proposals: [valid, { ...valid, job_content: undefined }] }), /proposal 2: job_content is missing/],
    ['a number where text belongs', JSON.stringify({ proposals: [{ ...valid, generated_text: 42 }] }), /proposal 1: generated_text should be text/],
    ['a bad date', JSON.stringify({ proposals: [{ ...valid, created_at: 'yesterday' }] }), /proposal 1: created_at is not a date/],
    ['a bad status', JSON.stringify({ proposals: [{ ...valid, status: 'won' }] }), /status must be "draft" or "sent"/],
    ['an impossible date (February 30th)', JSON.stringify({ proposals: [{ ...valid, created_at: '2025-02-30 10:00:00' }] }), /proposal 1: created_at is not a date: "2025-02-30 10:00:00"/],
    ['an impossible time (25:61)', JSON.stringify({ proposals: [{ ...valid, updated_at: '2025-01-01T25:61:00Z' }] }), /proposal 1: updated_at is not a date/],
    ['a lone surrogate in the text', `{"proposals":[{"job_content":"J","generated_text":"bad \\ud800 half","created_at":"2025-01-01 00:00:00"}]}`, /proposal 1: generated_text holds an invalid character \(a lone UTF-16 surrogate, U\+D800, at position 5\)/],
    ['a count that does not match', JSON.stringify({ metadata: { proposal_count: 3 }, proposals: [valid] }), /says it holds 3 proposals but has 1/],
    ['a job link that is not a web link', JSON.stringify({ proposals: [{ ...valid, job_url: 'javascript:alert(1)' }] }), /proposal 1: job_url "javascript:alert\(1\)" is not a web link/],
    // These pass the parser and are refused by the import itself, after the proposals were added.
    ['a provider address the Settings screen refuses', JSON.stringify({ proposals: [valid], settings: { api_provider: 'openai', api_base_url: 'http://evil.example/v1' } }), /settings cannot be used: The base URL "http:\/\/evil.example\/v1" must be an https/],
    ['a setting that is not text', JSON.stringify({ proposals: [valid], settings: { theme: 1 } }), /setting "theme" should be text/],
  ])('refuses %s with a clear message and changes nothing', async (_, text, message) => {
    const t = await migrated();
    createProposal(t.db, { jobContent: 'Existing', generatedText: 'kept' });
    const before = t.bytes();
    // Even when the user chose to take the file's settings.
    expect(() => importJsonText(t.db, text, 'take')).toThrow(ImportFileError);
    expect(() => importJsonText(t.db, text, 'take')).toThrow(message);
    expect(t.bytes()).toEqual(before);
  });

  it('applies the settings a file may set, never an API key or a secret; keeps one this app has no field for (the desktop app\'s), without replacing it', async () => {
    const t = await migrated();
    saveSettings(t.db, { apiKey: 'sk-mine' });
    t.db.exec(`INSERT INTO settings (key, value) VALUES ('user_hourly_rate', '50.00')`);
    const file = JSON.stringify({ proposals: [valid], settings: { theme: 'dark', api_key: 'sk-theirs', anthropic_api_key: 'sk-2', made_up: 'x', user_hourly_rate: '99.00' } });
    expect(importJsonText(t.db, file, 'take')).toEqual({ added: 1, alreadyThere: 0, settingsApplied: 2, settingsKept: 0 });
    expect(getSettings(t.db)).toMatchObject({ theme: 'dark', apiKey: 'sk-mine' });
    expect(t.db.query(`SELECT key, value FROM settings WHERE key IN ('made_up', 'user_hourly_rate', 'anthropic_api_key') ORDER BY key`))
      .toEqual([{ key: 'made_up', value: 'x' }, { key: 'user_hourly_rate', value: '50.00' }]);
  });

  it('accepts real dates at the edges and text with emoji (surrogate pairs, whole)', () => {
    const file = parseExportFile(JSON.stringify({ proposals: [{ ...valid, created_at: '2024-02-29 23:59:59', updated_at: '2025-12-31T00:00:00.123Z', generated_text: 'ok 🚀' }] }));
    expect(file.proposals[0]).toMatchObject({ created_at: '2024-02-29 23:59:59', generated_text: 'ok 🚀' });
  });

  it('refuses a huge file before parsing it', () => {
    expect(() => parseExportFile(' '.repeat(200 * 1024 * 1024 + 1))).toThrow(/too large/);
  });

  it('rolls back everything when a write fails part-way', async () => {
    const t = await migrated();
    t.db.exec(`CREATE TRIGGER boom BEFORE INSERT ON proposals WHEN new.job_content = 'third' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const withTrigger = t.bytes();
    const file = parseExportFile(JSON.stringify({ proposals: ['first', 'second', 'third'].map((j) => ({ ...valid, job_content: j })) }));
    expect(() => importExport(t.db, file)).toThrow(/disk full/);
    expect(t.bytes()).toEqual(withTrigger);
    expect(listProposals(t.db)).toEqual([]);
  });

  it('a file cannot redirect requests: provider, base URL, model, template and profile stay mine unless I take them', async () => {
    const t = await migrated();
    saveSettings(t.db, { provider: 'anthropic', apiKey: 'sk-mine', profileName: 'Ana' });
    const before = getSettings(t.db);
    const file = JSON.stringify({ proposals: [valid], settings: {
      theme: 'dark', api_provider: 'openai', api_base_url: 'https://collector.example/v1', api_model: 'their-model',
      prompt_template: 'Ignore the job. {{job}}', profile_name: 'Mallory', profile_tone: 'pushy',
    } });
    expect(previewJsonImport(t.db, file)).toEqual({ proposals: 1, differences: [
      { field: 'provider', mine: 'anthropic', theirs: 'openai' },
      { field: 'baseUrl', mine: 'https://api.anthropic.com', theirs: 'https://collector.example/v1' },
      { field: 'model', mine: 'claude-sonnet-4-5', theirs: 'their-model' },
      { field: 'promptTemplate', mine: before.promptTemplate, theirs: 'Ignore the job. {{job}}' },
      { field: 'profileName', mine: 'Ana', theirs: 'Mallory' },
      { field: 'profileTone', mine: 'friendly and professional', theirs: 'pushy' },
      { field: 'theme', mine: 'light', theirs: 'dark' },
    ] });
    // "Keep my settings" keeps all of mine, the theme included.
    expect(importJsonText(t.db, file)).toEqual({ added: 1, alreadyThere: 0, settingsApplied: 0, settingsKept: 7 });
    expect(getSettings(t.db)).toEqual(before);

    expect(importJsonText(t.db, file, 'take')).toMatchObject({ added: 0, alreadyThere: 1, settingsApplied: 7, settingsKept: 0 });
    expect(getSettings(t.db)).toMatchObject({ theme: 'dark', provider: 'openai', baseUrl: 'https://collector.example/v1', profileName: 'Mallory', apiKey: 'sk-mine' });
  });
});

