import bundled from 'virtual:migrations';
import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate/index.ts';
import { testDb } from '../testing/sqlite.ts';
import { createProposal, listProposals } from './proposals-repo.ts';

async function migrated() {
  const t = testDb();
  await migrate(t.db, bundled);
  return t;
}

describe('proposals', () => {
  it('saves and lists newest first', async () => {
    const t = await migrated();
    const a = createProposal(t.db, { jobContent: '  First job  ', generatedText: 'one' });
    const b = createProposal(t.db, { jobContent: 'Second job', generatedText: '' });
    expect(a).toMatchObject({ jobContent: 'First job', generatedText: 'one', updatedAt: null });
    expect(a.createdAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(listProposals(t.db).map((p) => p.id)).toEqual([b.id, a.id]);
  });

  it('refuses an empty job post and stores nothing', async () => {
    const t = await migrated();
    expect(() => createProposal(t.db, { jobContent: ' \n ', generatedText: 'x' })).toThrow(/job post is empty/);
    expect(listProposals(t.db)).toEqual([]);
  });
});
