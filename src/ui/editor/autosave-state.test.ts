import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../db/api.ts';
import { autosaveReducer, initialAutosave, isDirty, pendingWrite, type AutosaveAction, type AutosaveState } from './autosave-state.ts';

const proposal = (over: Partial<Proposal> = {}): Proposal => ({
  id: 7, jobContent: 'Job', generatedText: 'Text', jobUrl: null, clientName: null, status: 'draft',
  createdAt: '2026-01-01 00:00:00', updatedAt: null, versionCount: 0, ...over,
});
const run = (s: AutosaveState, ...actions: AutosaveAction[]) => actions.reduce(autosaveReducer, s);
const loaded = (p = proposal(), draft: AutosaveState['fields'] | null = null) => run(initialAutosave(p.id, null), { type: 'loaded', proposal: p, draft });

describe('autosave state', () => {
  it('a new, blank editor has nothing to write; typing makes it dirty', () => {
    const s = initialAutosave(null, null);
    expect(pendingWrite(s)).toBeNull();
    const typed = run(s, { type: 'edited', patch: { jobContent: 'A job' } });
    expect(typed.status).toBe('pending');
    expect(pendingWrite(typed)?.patch).toMatchObject({ jobContent: 'A job', generatedText: '' });
  });

  it('a new editor starts from the unsaved text of a new proposal, and writes it', () => {
    const s = initialAutosave(null, { jobContent: 'Typed before a crash', jobUrl: '', clientName: '', generatedText: '' });
    expect(s.fields.jobContent).toBe('Typed before a crash');
    expect(isDirty(s)).toBe(true);
  });

  it('nothing is dirty while a proposal loads, nor right after', () => {
    expect(isDirty(initialAutosave(7, null))).toBe(false);
    expect(pendingWrite(loaded())).toBeNull();
  });

  it('a saved write makes it clean, with the created id', () => {
    const typed = run(initialAutosave(null, null), { type: 'edited', patch: { jobContent: 'A job' } });
    const write = pendingWrite(typed)!;
    const saved = run(typed, { type: 'saving' }, { type: 'saved', proposal: proposal({ id: 3, jobContent: 'A job', generatedText: '' }), wrote: write.from });
    expect(saved).toMatchObject({ id: 3, status: 'saved' });
    expect(pendingWrite(saved)).toBeNull();
  });

  it('typing during a save stays dirty, and the next write has the newer text', () => {
    const s = run(loaded(), { type: 'edited', patch: { generatedText: 'one' } });
    const first = pendingWrite(s)!;
    const during = run(s, { type: 'saving' }, { type: 'edited', patch: { generatedText: 'one two' } });
    const after = run(during, { type: 'saved', proposal: proposal({ generatedText: 'one' }), wrote: first.from });
    expect(after.status).toBe('pending');
    expect(pendingWrite(after)?.patch.generatedText).toBe('one two');
  });

  it('a failed save keeps the text dirty and says why', () => {
    const s = run(loaded(), { type: 'edited', patch: { generatedText: 'new' } }, { type: 'saving' }, { type: 'failed', message: 'disk full' });
    expect(s).toMatchObject({ status: 'error', error: 'disk full' });
    expect(pendingWrite(s)?.patch.generatedText).toBe('new');
  });

  it('a link is written only once it is a web link', () => {
    const bad = run(loaded(), { type: 'edited', patch: { jobUrl: 'www.upw' } });
    expect(pendingWrite(bad)?.patch).not.toHaveProperty('jobUrl');
    const good = run(bad, { type: 'edited', patch: { jobUrl: 'https://www.upwork.com/jobs/~1' } });
    expect(pendingWrite(good)?.patch.jobUrl).toBe('https://www.upwork.com/jobs/~1');
  });

  it('unsaved text kept for a proposal wins over the database, and is written', () => {
    const draft = { jobContent: 'Job', jobUrl: '', clientName: '', generatedText: 'Text, then more typing' };
    const s = loaded(proposal(), draft);
    expect(s.fields.generatedText).toBe('Text, then more typing');
    expect(pendingWrite(s)?.patch.generatedText).toBe('Text, then more typing');
    // The same text as the database, or a blank one, is nothing to recover.
    expect(pendingWrite(loaded(proposal(), { jobContent: 'Job', jobUrl: '', clientName: '', generatedText: 'Text' }))).toBeNull();
    expect(loaded(proposal(), { jobContent: '', jobUrl: '', clientName: '', generatedText: '' }).fields.generatedText).toBe('Text');
  });

  it('a proposal that is gone loads as a new one', () => {
    expect(run(initialAutosave(7, null), { type: 'loaded', proposal: null, draft: null })).toMatchObject({ id: null, proposal: null, loading: false });
  });
});
