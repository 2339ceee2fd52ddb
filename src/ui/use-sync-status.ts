// Sync's status in this tab: asked once, then as the owner tells every tab of each change.
import { useEffect, useState } from 'preact/hooks';
import type { SyncStatus } from '../db/api.ts';
import type { DatabaseClient } from './database-client.ts';
import { useDataChanges } from './data-changes.ts';

export function useSyncStatus(db: DatabaseClient): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => { void db.syncStatus().then(setStatus, () => {}); }, [db]);
  useDataChanges((c) => { if (c.sync) setStatus(c.sync); });
  return status;
}
