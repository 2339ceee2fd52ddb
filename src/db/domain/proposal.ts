// A proposal as the app sees it, and the small rules about it that the screens share with the
// repository: its title, its status, how search marks the words it matched.
export type ProposalStatus = 'draft' | 'sent';

/** How a status is shown, wherever it is. */
export const STATUS_LABEL: Readonly<Record<ProposalStatus, string>> = { draft: 'Draft', sent: 'Sent' };

export interface Proposal {
  id: number;
  jobContent: string;
  generatedText: string;
  jobUrl: string | null;
  clientName: string | null;
  status: ProposalStatus;
  createdAt: string;
  updatedAt: string | null;
  /** How many earlier versions of the proposal text are kept. */
  versionCount: number;
}

export type ProposalSummary = Pick<Proposal, 'id' | 'status' | 'createdAt' | 'updatedAt' | 'clientName'> & {
  title: string;
};

export interface ProposalInput {
  jobContent?: string;
  generatedText?: string;
  jobUrl?: string | null;
  clientName?: string | null;
  status?: ProposalStatus;
  /**
   * For a new proposal: a key the caller chose for it. Creating with a key already used updates
   * that proposal with these fields instead of making a second one (a tab that reloaded or died
   * after its save, before it knew).
   */
  key?: string;
}

/** What the editor last had from the database: a save tells what it changed from, so a change made meanwhile in another tab is kept. */
export type ProposalBase = Pick<ProposalInput, 'generatedText'>;

/** `keptOtherText`: another tab had changed the proposal text since `base`; that text was kept as a version. */
export type SavedProposal = Proposal & { keptOtherText?: boolean };

export interface ProposalVersion {
  id: number;
  generatedText: string;
  source: 'generated' | 'edited';
  model: string | null;
  createdAt: string;
  /** A text as it was on one device before it was merged with another device's (sync). */
  merged: boolean;
}

/** Highlighted text: the parts between \u0002 and \u0003 matched the search. */
export interface SearchHit {
  id: number;
  status: ProposalStatus;
  createdAt: string;
  title: string;
  proposalSnippet: string;
}

export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/** A proposal's title: the first non-empty line of its job post. */
export const proposalTitle = (jobContent: string) => jobContent.split('\n').find((l) => l.trim())?.trim() || 'Untitled job post';
export const asStatus = (v: unknown): ProposalStatus => (v === 'sent' ? 'sent' : 'draft');
export const asSource = (v: unknown): ProposalVersion['source'] => (v === 'generated' ? 'generated' : 'edited');

