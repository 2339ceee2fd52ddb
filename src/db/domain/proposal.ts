// A proposal as the app sees it, and the small rules about it that the screens share with the
// repository: its title, its status, how search marks the words it matched.
import type { Deal, Outcome } from './outcomes.ts';

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
  /** Where the current text came from (null: not known, from before this was recorded). */
  textSource: TextSource | null;
  /** The model that generated it (only for generated text). */
  textModel: string | null;
  /** When the current text was written (a generation: when it finished). */
  textWrittenAt: string | null;
  /** A generation began and never finished (the page closed, the connection broke): the text may be cut off. */
  generationUnfinished: boolean;
  /** When it was marked Sent (null: not sent, or sent before this was recorded). */
  sentAt: string | null;
  /** The kept version holding the text as it was sent. */
  sentVersionId: number | null;
  /** What became of it (V7), and when that last changed (null: a draft never sent). */
  outcome: Outcome;
  outcomeChangedAt: string | null;
  deal: Deal;
}

export type TextSource = 'generated' | 'edited';

export type ProposalSummary = Pick<Proposal, 'id' | 'status' | 'createdAt' | 'updatedAt' | 'clientName' | 'outcome' | 'outcomeChangedAt'> & {
  title: string;
};

/** A deleted proposal, in the trash until it is restored or purged. */
export type TrashedProposal = Pick<Proposal, 'id' | 'status' | 'clientName'> & { title: string; deletedAt: string };

export interface ProposalInput {
  jobContent?: string;
  generatedText?: string;
  jobUrl?: string | null;
  clientName?: string | null;
  status?: ProposalStatus;
  /** The proposal text comes from a generation streaming in (not from the user's hand). */
  streaming?: boolean;
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
  source: TextSource;
  model: string | null;
  /** When it was kept (the text was replaced then). */
  createdAt: string;
  /** When the text was written (null: not known, kept before this was recorded). */
  writtenAt: string | null;
  /** A text as it was on one device before it was merged with another device's (sync). */
  merged: boolean;
}

/** Highlighted text: the parts between \u0002 and \u0003 matched the search. */
export interface SearchHit {
  id: number;
  status: ProposalStatus;
  outcome: Outcome;
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

