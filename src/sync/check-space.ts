// Asks the sync server, over plain HTTP, whether this device may use its space: a browser's
// WebSocket never says why it was refused, so this is how a refusal is told from an outage.
import type { SpaceConfig, SyncProblem } from './status.ts';

/**
 * Asks the server whether this device may use the space: null when it may, a problem when it
 * refuses, 'unreachable' when it does not answer.
 */
export async function checkSpace(c: SpaceConfig, fetchFn: typeof fetch = fetch): Promise<SyncProblem | 'unreachable' | null> {
  let status: number;
  try {
    status = (await fetchFn(`${c.server}/spaces/${encodeURIComponent(c.space)}`, { headers: { authorization: `Bearer ${c.token}` }, cache: 'no-store' })).status;
  } catch {
    return 'unreachable';
  }
  if (status === 200) return null;
  if (status === 401 || status === 403) return 'refused';
  if (status === 404) return 'no-space';
  if (status === 413) return 'full';
  return 'unreachable';
}

