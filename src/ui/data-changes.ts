// Changes committed by any tab, for the components on screen: the list, the search, the editor,
// the settings. One subscription to the database, many listeners on the page.
import { useEffect, useRef } from 'preact/hooks';
import type { DataChange, ImportProgress } from '../db/api.ts';
import type { DatabaseClient } from './database-client.ts';
import { thisTab } from './this-tab.ts';

const listeners = new Set<(change: DataChange) => void>();
const progressListeners = new Set<(progress: ImportProgress) => void>();
const subscribed = new WeakSet<DatabaseClient>();

export function listenForChanges(db: DatabaseClient): void {
  if (subscribed.has(db)) return;
  subscribed.add(db);
  void db.watch((change) => {
    // An import's progress changes nothing: only what shows it hears it.
    if (change.progress) for (const l of progressListeners) l(change.progress);
    else for (const l of listeners) l(change);
  });
}

/** True when the change touches proposal `id` (or every proposal). */
export const touches = (change: DataChange, id: number | null) =>
  change.proposals === 'all' || (id !== null && !!change.proposals?.includes(id));

/** Made by another tab (or by no tab: everything to be read again after an owner change). */
export const fromElsewhere = (change: DataChange) => change.by !== thisTab();

/** Calls `listener` (always its latest version) with what `set` hears while the component is mounted. */
function useListener<T>(set: Set<(value: T) => void>, listener: (value: T) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    const l = (v: T) => latest.current(v);
    set.add(l);
    return () => void set.delete(l);
  }, []);
}

/** Calls `onChange` for every committed change while the component is mounted. */
export const useDataChanges = (onChange: (change: DataChange) => void) => useListener(listeners, onChange);

/** Calls `onProgress` as an import or a replace with a file goes on (in whichever tab asked for it). */
export const useImportProgress = (onProgress: (progress: ImportProgress) => void) => useListener(progressListeners, onProgress);
