// What the editor holds and what the database has, as a reducer: pure, so every rule of autosave
// (what is dirty, what a save writes, what typing during a save means) is tested in Node.
import type { Proposal, ProposalBase, ProposalInput } from '../../db/api.ts';
import { jobUrlProblem } from '../../db/domain/urls.ts';
import { randomId } from '../../db/domain/random-id.ts';
import type { EditorFields } from './local-draft.ts';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

export interface AutosaveState {
  /** null until the proposal exists in the database. */
  id: number | null;
  /** The key a new proposal is created with (ProposalInput.key), so that it is created once. */
  key: string;
  fields: EditorFields;
  /** The fields as the database has them, as far as this editor knows: what `fields` is compared with. */
  saved: EditorFields;
  proposal: Proposal | null;
  loading: boolean;
  status: SaveStatus;
  error: string | null;
}

export type AutosaveAction =
  /** `draft`: text typed here earlier and never saved (it wins over the database's). */
  | { type: 'loaded'; proposal: Proposal | null; draft: EditorFields | null }
  | { type: 'edited'; patch: Partial<EditorFields> }
  | { type: 'saving' }
  /** `wrote`: the fields the save was made from (typing may have gone on since). */
  | { type: 'saved'; proposal: Proposal; wrote: EditorFields }
  | { type: 'failed'; message: string }
  | { type: 'proposal'; proposal: Proposal }
  /** The proposal as another tab left it: taken only if nothing here is unsaved (else the next save keeps both). */
  /** `key`: the key to create it again with, should it be gone. */
  | { type: 'remote'; proposal: Proposal | null; key: string };

export const EMPTY_FIELDS: EditorFields = { jobContent: '', jobUrl: '', clientName: '', generatedText: '' };

export const fieldsOf = (p: Proposal): EditorFields => ({ jobContent: p.jobContent, jobUrl: p.jobUrl ?? '', clientName: p.clientName ?? '', generatedText: p.generatedText });
export const isBlank = (f: EditorFields) => !f.jobContent.trim() && !f.generatedText.trim() && !f.clientName.trim() && !f.jobUrl.trim();
const same = (a: EditorFields, b: EditorFields) => a.jobContent === b.jobContent && a.jobUrl === b.jobUrl && a.clientName === b.clientName && a.generatedText === b.generatedText;

export const isDirty = (s: AutosaveState) => !s.loading && !same(s.fields, s.saved) && !(s.id === null && isBlank(s.fields));

/** A new editor: empty, or what was typed into a new proposal and not saved. */
export function initialAutosave(id: number | null, draft: (EditorFields & { key?: string }) | null, newKey: () => string = randomId): AutosaveState {
  const recovered = id === null && draft && !isBlank(draft);
  const fields = recovered ? { jobContent: draft.jobContent, jobUrl: draft.jobUrl, clientName: draft.clientName, generatedText: draft.generatedText } : EMPTY_FIELDS;
  return { id, key: (recovered && draft.key) || newKey(), fields, saved: EMPTY_FIELDS, proposal: null, loading: id !== null, status: 'idle', error: null };
}

/**
 * What a save would write now: only the fields changed here, so another tab's change to the others
 * is kept, and `base`, the proposal text this editor started from, so a text changed meanwhile in
 * another tab is kept as a version. Null when there is nothing to write.
 */
export function pendingWrite(s: AutosaveState): { patch: ProposalInput; base: ProposalBase | undefined; from: EditorFields } | null {
  if (!isDirty(s)) return null;
  const f = s.fields;
  const changed = (k: keyof EditorFields) => s.id === null || f[k] !== s.saved[k];
  const patch: ProposalInput = {};
  if (changed('jobContent')) patch.jobContent = f.jobContent;
  if (changed('generatedText')) patch.generatedText = f.generatedText;
  if (changed('clientName')) patch.clientName = f.clientName;
  // A link being typed stays in the editor until it is a valid one.
  if (changed('jobUrl') && !jobUrlProblem(f.jobUrl)) patch.jobUrl = f.jobUrl;
  if (s.id === null) patch.key = s.key;
  return { from: f, patch, base: s.id === null ? undefined : { generatedText: s.saved.generatedText } };
}

export function autosaveReducer(s: AutosaveState, a: AutosaveAction): AutosaveState {
  switch (a.type) {
    case 'loaded': {
      const saved = a.proposal ? fieldsOf(a.proposal) : EMPTY_FIELDS;
      const fields = a.draft && !isBlank(a.draft) ? { jobContent: a.draft.jobContent, jobUrl: a.draft.jobUrl, clientName: a.draft.clientName, generatedText: a.draft.generatedText } : saved;
      return { ...s, id: a.proposal?.id ?? null, proposal: a.proposal, fields, saved, loading: false };
    }
    case 'edited':
      return { ...s, fields: { ...s.fields, ...a.patch }, status: 'pending' };
    case 'saving':
      return { ...s, status: 'saving', error: null };
    case 'saved': {
      const next = { ...s, id: a.proposal.id, proposal: a.proposal, saved: a.wrote, error: null };
      return { ...next, status: isDirty(next) ? 'pending' : 'saved' };
    }
    case 'failed':
      return { ...s, status: 'error', error: a.message };
    case 'proposal':
      return { ...s, proposal: a.proposal };
    case 'remote': {
      if (isDirty(s) || s.status === 'saving') return s;
      if (!a.proposal) return { ...s, id: null, key: a.key, proposal: null, saved: EMPTY_FIELDS };
      const fields = fieldsOf(a.proposal);
      return { ...s, proposal: a.proposal, fields, saved: fields };
    }
  }
}
