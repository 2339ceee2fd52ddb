// Start-up states in order. Each source (the owner's database, a tab's worker, the page's client)
// numbers the states it publishes (`seq`); a receiver keeps the newest of one source by that
// number, as a reply and a later change travel on different ports and can arrive out of order.
import type { StartupState } from './api.ts';

/** The states one source publishes, numbered 1, 2, … in the order it sets them. */
export interface StateFeed {
  readonly current: StartupState;
  set(next: StartupState): StartupState;
  listen(listener: (state: StartupState) => void): void;
}

export function stateFeed(initial: StartupState): StateFeed {
  let seq = 0;
  let current: StartupState = { ...initial, seq };
  const listeners = new Set<(state: StartupState) => void>();
  return {
    get current() { return current; },
    set(next) {
      current = { ...next, seq: ++seq };
      for (const l of listeners) l(current);
      return current;
    },
    listen: (l) => void listeners.add(l),
  };
}

/**
 * A filter for the states of one source: true for a state newer than every one it passed before,
 * false for one that is not (a late, older state, or the same again), which the caller drops.
 */
export function newestOnly(): (state: StartupState) => boolean {
  let last = -1;
  return (state) => {
    const seq = state.seq ?? 0;
    if (seq <= last) return false;
    last = seq;
    return true;
  };
}
