import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../db/api.ts';
import { EMPTY_DEAL } from '../../db/domain/outcomes.ts';
import { autosaveReducer, initialAutosave, isDirty, pendingWrite, type AutosaveAction, type AutosaveState } from './autosave-state.ts';

const proposal = (over: Partial<Proposal> = {}): Proposal => ({
  id: 7, jobContent: 'Job', generatedText: 'Text', jobUrl: null, clientName: null, status: 'draft',
  createdAt: '2026-01-01 00:00:00', updatedAt: null, versionCount: 0,
  textSource: null, textModel: null, textWrittenAt: null, generationUnfinished: false, sentAt: null, sentVersionId: null,
  outcome: 'draft', outcomeChangedAt: null, deal: EMPTY_DEAL, ...over,
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
    const bad = run(loaded(), { type: 'edited', patch: { jobUrl: 'upwork jobs' } });
    expect(pendingWrite(bad)?.patch).not.toHaveProperty('jobUrl');
    // Pasted without its scheme it is a link all the same (https:// is added when it is stored).
    expect(pendingWrite(run(bad, { type: 'edited', patch: { jobUrl: 'www.upwork.com/jobs/~1' } }))?.patch.jobUrl).toBe('www.upwork.com/jobs/~1');
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

  it('writes only the fields changed here, with the text it started from, so another tab\'s change is kept', () => {
    const s = run(loaded(proposal({ clientName: 'Initech' })), { type: 'edited', patch: { generatedText: 'Mine' } });
    expect(pendingWrite(s)).toMatchObject({ patch: { generatedText: 'Mine' }, base: { generatedText: 'Text' } });
    expect(Object.keys(pendingWrite(s)!.patch)).toEqual(['generatedText']);
  });

  it('a new proposal is created with its key, kept from a recovered draft so it is created once', () => {
    const fresh = run(initialAutosave(null, null, () => 'k-new'), { type: 'edited', patch: { jobContent: 'Job' } });
    expect(pendingWrite(fresh)?.patch).toMatchObject({ key: 'k-new' });
    expect(pendingWrite(fresh)?.base).toBeUndefined();
    const recovered = initialAutosave(null, { jobContent: 'Typed', jobUrl: '', clientName: '', generatedText: '', key: 'k-old' }, () => 'k-new');
    expect(pendingWrite(recovered)?.patch).toMatchObject({ key: 'k-old', jobContent: 'Typed' });
    expect(pendingWrite(run(loaded(), { type: 'edited', patch: { jobContent: 'x' } }))?.patch).not.toHaveProperty('key');
  });

  it('takes another tab\'s version only when nothing here is unsaved', () => {
    const other = proposal({ generatedText: 'From the other tab' });
    expect(run(loaded(), { type: 'remote', proposal: other, key: 'k' }).fields.generatedText).toBe('From the other tab');
    const typing = run(loaded(), { type: 'edited', patch: { generatedText: 'Mine, unsaved' } });
    expect(run(typing, { type: 'remote', proposal: other, key: 'k' }).fields.generatedText).toBe('Mine, unsaved');
    const saving = run(loaded(), { type: 'saving' });
    expect(run(saving, { type: 'remote', proposal: other, key: 'k' })).toBe(saving);
  });

  it('a proposal deleted in another tab keeps its text here, to be created anew with a new key', () => {
    const s = run(loaded(), { type: 'remote', proposal: null, key: 'k2' });
    expect(s).toMatchObject({ id: null, key: 'k2', fields: { generatedText: 'Text' } });
    expect(pendingWrite(s)?.patch).toMatchObject({ key: 'k2', jobContent: 'Job', generatedText: 'Text' });
  });
});
