// The mapping between rows and the space's document, with several devices: what one device writes
// reaches the others, randomized offline edits on N devices converge, and conflicts lose nothing.
import { describe, expect, it } from 'vitest';
import * as A from '@automerge/automerge/slim';
import * as repo from '../db/domain/proposals-repo.ts';
import { saveSettings, getSettings } from '../db/domain/settings-repo.ts';
import { outcomeHistory, setOutcome } from '../db/domain/outcomes-repo.ts';
import { OUTCOMES } from '../db/domain/outcomes.ts';
import { contents, Device, syncAll } from '../testing/sync-device.ts';
import { PROPOSAL_COLUMNS, touched } from './mapping.ts';
import { migrate } from '../migrate/index.ts';
import { testDb } from '../testing/sqlite.ts';
import bundled from 'virtual:migrations';

const uidOf = (d: Device, id: number) => String(d.db.query('SELECT uid FROM proposals WHERE id = ?', [id])[0].uid);
const byUid = (d: Device, uid: string) => {
  const [r] = d.db.query('SELECT id FROM proposals WHERE uid = ?', [uid]);
  return r ? repo.getProposal(d.db, Number(r.id)) : null;
};
const idOf = (d: Device, uid: string) => Number(d.db.query('SELECT id FROM proposals WHERE uid = ?', [uid])[0].id);

async function pair() {
  const a = await Device.join(null);
  const b = await Device.join(a.doc);
  return { a, b };
}

describe('sync mapping', () => {
  it('a proposal, its versions and the person\'s settings made on A reach B; the API key and the base URL do not', async () => {
    const { a, b } = await pair();
    const p = repo.createProposal(a.db, { jobContent: 'Need a Rust dev', generatedText: 'Hello', clientName: 'Acme', jobUrl: 'https://www.upwork.com/jobs/~1' });
    repo.keepVersion(a.db, p.id, 'generated', 'claude');
    repo.updateProposal(a.db, p.id, { generatedText: 'Hello there', status: 'sent' });
    saveSettings(a.db, { theme: 'dark', profileName: 'Ada', apiKey: 'sk-secret', baseUrl: 'http://localhost:11434/v1', provider: 'openai' });
    a.pump();
    b.receive(a);
    const got = byUid(b, uidOf(a, p.id))!;
    expect(got).toMatchObject({ jobContent: 'Need a Rust dev', generatedText: 'Hello there', clientName: 'Acme', status: 'sent', versionCount: repo.getProposal(a.db, p.id)!.versionCount });
    const versions = (d: Device, id: number) => repo.listVersions(d.db, id).map(({ id: _, ...v }) => v).sort((x, y) => x.generatedText.localeCompare(y.generatedText));
    expect(versions(b, got.id)).toEqual(versions(a, p.id));
    expect(versions(b, got.id).map((v) => v.generatedText)).toContain('Hello');
    const s = getSettings(b.db);
    expect(s).toMatchObject({ theme: 'dark', profileName: 'Ada', provider: 'openai', apiKey: '' });
    expect(s.baseUrl).not.toBe('http://localhost:11434/v1');
    expect(JSON.stringify(a.doc)).not.toContain('sk-secret');
    expect(b.db.query('SELECT count(*) AS n FROM sync_outbox WHERE pumped = 0')[0].n).toBe(0); // not sent back
  });

  it('the outcome with its dated history and which version was sent reach B; a history added to on two devices apart is the union on both', async () => {
    const { a, b } = await pair();
    const p = repo.createProposal(a.db, { generatedText: 'The text as sent' });
    setOutcome(a.db, p.id, 'sent', '2026-11-02 09:00:00');
    repo.updateProposal(a.db, p.id, { generatedText: 'Edited after it was sent' });
    setOutcome(a.db, p.id, 'viewed', '2026-11-03 10:00:00');
    a.pump();
    b.receive(a);
    const uid = uidOf(a, p.id);
    const sentText = (d: Device, id: number) => d.db.query('SELECT v.generated_text AS t FROM proposals p JOIN proposal_versions v ON v.id = p.sent_version_id WHERE p.id = ?', [id])[0]?.t;
    expect(outcomeHistory(b.db, idOf(b, uid))).toEqual([
      { outcome: 'sent', changedAt: '2026-11-02 09:00:00' }, { outcome: 'viewed', changedAt: '2026-11-03 10:00:00' },
    ]);
    expect(repo.getProposal(b.db, idOf(b, uid))).toMatchObject({ outcome: 'viewed', outcomeChangedAt: '2026-11-03 10:00:00', status: 'sent', generatedText: 'Edited after it was sent' });
    expect(sentText(b, idOf(b, uid))).toBe('The text as sent');
    // Apart: A says replied, B says interview (a later date, and B's clock may say anything).
    setOutcome(a.db, p.id, 'replied', '2026-11-04 08:00:00');
    setOutcome(b.db, idOf(b, uid), 'interview', '2026-11-05 08:00:00');
    a.pump();
    b.pump();
    syncAll([a, b]);
    const history = outcomeHistory(a.db, p.id);
    expect(history.map((h) => h.outcome)).toEqual(['sent', 'viewed', 'replied', 'interview']);
    expect(outcomeHistory(b.db, idOf(b, uid))).toEqual(history);
    // One value wins, the same on both (Automerge's, not the clocks'), and the status follows it.
    const onA = repo.getProposal(a.db, p.id)!;
    expect(['replied', 'interview']).toContain(onA.outcome);
    expect(repo.getProposal(b.db, idOf(b, uid))).toMatchObject({ outcome: onA.outcome, outcomeChangedAt: onA.outcomeChangedAt, status: 'sent' });
    expect(sentText(a, p.id)).toBe('The text as sent');
    expect(contents(a.db)).toEqual(contents(b.db));
  });

  it('V9: the outcome history a device had before gets uids, and goes out if it is in a space', async () => {
    const t = testDb();
    await migrate(t.db, bundled.filter((m) => m.version <= 8));
    t.db.query(`INSERT INTO sync_state (key, value) VALUES ('space', 'test')`);
    const p = repo.createProposal(t.db, { generatedText: 'hi' });
    repo.createProposal(t.db, { generatedText: 'no history' }); // stays where it is
    setOutcome(t.db, p.id, 'sent', '2026-11-02 09:00:00');
    t.db.query('DELETE FROM sync_outbox'); // sent before, when the history did not sync
    await migrate(t.db, bundled);
    expect(t.db.query('SELECT count(*) AS n FROM proposal_outcomes WHERE uid IS NULL')[0].n).toBe(0);
    expect(t.db.query('SELECT kind, ref, pumped FROM sync_outbox')).toEqual([{ kind: 'proposal', ref: String(p.id), pumped: 0 }]);
  });

  it('randomized offline edits on 3 devices (texts, status, outcomes with their history, deletions, versions, settings) converge to the same data (8 seeds)', async () => {
    for (let seed = 1; seed <= 8; seed++) {
      let x = seed * 2654435761 % 4294967296;
      // The high bits: a power-of-two modulus's low bits repeat with a short period.
      const rnd = (n: number) => { x = (x * 1103515245 + 12345) % 2147483648; return (x >>> 16) % n; };
      const first = await Device.join(null);
      const devices = [first, await Device.join(first.doc), await Device.join(first.doc)];
      for (let round = 0; round < 3; round++) {
        for (const d of devices) {
          for (let k = 0; k < 6; k++) {
            const live = d.db.query('SELECT id FROM proposals WHERE deleted_at IS NULL').map((r) => Number(r.id));
            const id = live[rnd(Math.max(live.length, 1))];
            const op = live.length ? rnd(8) : 0;
            if (op === 0) repo.createProposal(d.db, { jobContent: `job ${seed}.${round}.${k}`, generatedText: `text ${rnd(100)}` });
            else if (op === 1 || op === 2) {
              const p = repo.getProposal(d.db, id)!;
              const at = rnd(p.generatedText.length + 1);
              repo.updateProposal(d.db, id, { generatedText: p.generatedText.slice(0, at) + ` w${rnd(50)} ` + p.generatedText.slice(at) });
            } else if (op === 3) repo.updateProposal(d.db, id, { status: rnd(2) ? 'sent' : 'draft', clientName: `c${rnd(9)}` });
            else if (op === 4) repo.deleteProposal(d.db, id);
            else if (op === 5) repo.keepVersion(d.db, id, 'generated', 'm');
            else if (op === 6) setOutcome(d.db, id, OUTCOMES[rnd(OUTCOMES.length)], `2026-11-0${1 + rnd(9)} 10:00:0${rnd(3)}`);
            else saveSettings(d.db, { theme: (['light', 'dark', 'system'] as const)[rnd(3)], profileTone: `tone ${rnd(5)}` });
          }
          d.pump();
        }
        syncAll(devices);
        const want = contents(devices[0].db);
        for (const d of devices.slice(1)) expect(contents(d.db), `seed ${seed}, round ${round}`).toEqual(want);
        expect(want.proposals.length).toBeGreaterThan(0);
      }
    }
  }, 180_000); // seconds when the machine is quiet; more when it is shared

  it('a proposal edited on two devices apart: the texts merge, both earlier texts are kept as merged versions on both', async () => {
    const { a, b } = await pair();
    const p = repo.createProposal(a.db, { generatedText: 'I can build your app.' });
    a.pump();
    b.receive(a);
    const uid = uidOf(a, p.id);
    repo.updateProposal(a.db, p.id, { generatedText: 'Hi! I can build your app.' });
    repo.updateProposal(b.db, idOf(b, uid), { generatedText: 'I can build your app in a week.' });
    a.pump();
    b.pump();
    syncAll([a, b]);
    for (const d of [a, b]) {
      const got = byUid(d, uid)!;
      expect(got.generatedText).toBe('Hi! I can build your app in a week.');
      const kept = d.db.query('SELECT generated_text FROM proposal_versions WHERE proposal_id = ? AND merged = 1 ORDER BY generated_text', [got.id]).map((r) => r.generated_text);
      expect(kept).toEqual(['Hi! I can build your app.', 'I can build your app in a week.']);
      expect(d.db.query('SELECT merged_at FROM proposals WHERE uid = ?', [uid])[0].merged_at).not.toBeNull();
    }
    expect(contents(a.db)).toEqual(contents(b.db));
  });

  it('deleted on one device, edited on the other: the proposal stays, with the edit, on both', async () => {
    const { a, b } = await pair();
    const p = repo.createProposal(a.db, { generatedText: 'draft' });
    a.pump();
    b.receive(a);
    const uid = uidOf(a, p.id);
    repo.deleteProposal(a.db, p.id);
    repo.updateProposal(b.db, idOf(b, uid), { generatedText: 'draft, improved' });
    a.pump();
    b.pump();
    syncAll([a, b]);
    for (const d of [a, b]) expect(byUid(d, uid)?.generatedText).toBe('draft, improved');
    // A deletion seen by the other device, with no edit beside it, is a deletion there too; undo brings it back.
    repo.deleteProposal(b.db, idOf(b, uid));
    b.pump();
    a.receive(b);
    expect(byUid(a, uid)).toBeNull();
    repo.restoreProposal(a.db, idOf(a, uid));
    a.pump();
    b.receive(a);
    expect(byUid(b, uid)?.generatedText).toBe('draft, improved');
  });

  it('two devices changing the same setting: one value wins, the same on both, whichever merges first', async () => {
    const { a, b } = await pair();
    saveSettings(a.db, { theme: 'dark' });
    saveSettings(b.db, { theme: 'light' });
    a.pump();
    b.pump();
    const ab = A.merge(A.clone(a.doc), A.clone(b.doc));
    const ba = A.merge(A.clone(b.doc), A.clone(a.doc));
    syncAll([b, a]);
    expect(getSettings(a.db).theme).toBe(getSettings(b.db).theme);
    expect(ab.settings.theme).toBe(ba.settings.theme);
    expect(getSettings(a.db).theme).toBe(ab.settings.theme);
  });

  it('a newer build\'s field is never erased by an older device, and fills the older one\'s column once it upgrades', async () => {
    const { a, b } = await pair();
    const newer = [...PROPOSAL_COLUMNS, { column: 'budget', field: 'budget', kind: 'value' as const }];
    a.db.exec('ALTER TABLE proposals ADD COLUMN budget TEXT');
    a.columns = newer;
    const p = repo.createProposal(a.db, { generatedText: 'v1' });
    a.db.query('UPDATE proposals SET budget = ? WHERE id = ?', ['$500', p.id]);
    a.pump();
    b.receive(a);
    const uid = uidOf(a, p.id);
    repo.updateProposal(b.db, idOf(b, uid), { generatedText: 'v2 from the older build' });
    b.pump();
    a.receive(b);
    expect(a.db.query('SELECT budget, generated_text FROM proposals WHERE uid = ?', [uid])[0]).toEqual({ budget: '$500', generated_text: 'v2 from the older build' });
    expect(b.doc.proposals[uid].budget).toBe('$500');
    // B upgrades: the migration adds the column, the re-projection fills it from what A sent.
    b.db.exec('ALTER TABLE proposals ADD COLUMN budget TEXT');
    b.columns = newer;
    b.receive(a);
    expect(b.db.query('SELECT budget FROM proposals WHERE uid = ?', [uid])[0].budget).toBe('$500');
  });

  it('an entry this database refuses (a status a newer build allows) is left out; the others are written', async () => {
    const { a, b } = await pair();
    const p = repo.createProposal(a.db, { generatedText: 'one' });
    const q = repo.createProposal(a.db, { generatedText: 'two' });
    a.pump();
    a.doc = A.change(a.doc, (d) => { d.proposals[uidOf(a, p.id)].status = 'won'; });
    const r = b.receive(a);
    expect(r.refused.map((x) => x.uid)).toEqual([uidOf(a, p.id)]);
    expect(r.refused[0].message).toMatch(/CHECK constraint/);
    expect(byUid(b, uidOf(a, q.id))?.generatedText).toBe('two');
  });

  it('tells which proposals a change touched', () => {
    const doc = A.from({ proposals: { u1: { t: 'a' } }, settings: {} } as Record<string, unknown>);
    let patches: A.Patch[] = [];
    A.change(doc, { patchCallback: (p) => { patches = p; } }, (d: any) => { d.proposals.u1.t = 'b'; d.settings.theme = 'dark'; });
    expect(touched(patches)).toEqual({ uids: new Set(['u1']), settings: true });
  });
});
