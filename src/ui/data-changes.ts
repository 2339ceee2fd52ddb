// Changes committed by any tab, for the components on screen: the list, the search, the editor,
// the settings. One subscription to the database, many listeners on the page.
import { useEffect, useRef } from 'preact/hooks';
import type { DataChange } from '../db/api.ts';
import type { DatabaseClient } from './database-client.ts';
import { thisTab } from './this-tab.ts';

const listeners = new Set<(change: DataChange) => void>();
const subscribed = new WeakSet<DatabaseClient>();

export function listenForChanges(db: DatabaseClient): void {
  if (subscribed.has(db)) return;
  subscribed.add(db);
  void db.watch((change) => { for (const l of listeners) l(change); });
}

/** True when the change touches proposal `id` (or every proposal). */
export const touches = (change: DataChange, id: number | null) =>
  change.proposals === 'all' || (id !== null && !!change.proposals?.includes(id));

/** Made by another tab (or by no tab: everything to be read again after an owner change). */
export const fromElsewhere = (change: DataChange) => change.by !== thisTab();

/** Calls `onChange` for every committed change while the component is mounted (always its latest version). */
export function useDataChanges(onChange: (change: DataChange) => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const l = (c: DataChange) => latest.current(c);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
}
