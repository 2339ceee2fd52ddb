// What a component has to tell the person: a status, or an alert when a call to the database
// failed, in the words of explain-error.ts. Every component that calls the database shows its
// failures through here, where they happened.
import { useState } from 'preact/hooks';
import { explainFailure } from './explain-error.ts';

export interface Notice {
  text: string;
  /** `ok`: something the person asked for was done. */
  tone: 'info' | 'ok' | 'error';
}

/** A failed call as a notice: what did not happen, then why, then (`after`) what the person should know. */
export const failureNotice = (what: string, error: unknown, after = ''): Notice =>
  ({ text: `${what}: ${explainFailure(error)}${after}`, tone: 'error' });

/**
 * A component's notice, and `attempt`: runs a call, and shows its failure (`what` did not happen)
 * instead of letting it go unseen; resolves with undefined then.
 */
export function useNotice() {
  const [notice, setNotice] = useState<Notice | null>(null);
  const attempt = async <T,>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (e) {
      setNotice(failureNotice(what, e));
      return undefined;
    }
  };
  return { notice, setNotice, attempt };
}

/** The notice where it is seen: an alert for a failure (read out at once), a status otherwise. */
export function NoticeLine({ notice, class: extra }: { notice: Notice | null; class?: string }) {
  if (!notice) return null;
  return <p role={notice.tone === 'error' ? 'alert' : 'status'} class={`notice ${notice.tone}${extra ? ` ${extra}` : ''}`}>{notice.text}</p>;
}
