// A device in Node (tests, benchmark): an automerge-repo Repo with the app's WebSocket client (the
// same classes as src/sync/engine.ts's EngineNetwork). The adapter rethrows any socket error but a refused
// connection in Node (a reset while the server is killed, a refusal); a browser's adapter only
// retries. This one retries in Node too.
import { Repo, type DocHandle, type StorageAdapterInterface } from '@automerge/automerge-repo';
import { sendWhileOpen } from '../src/sync/send-while-open.ts';
import { ClosingWebSocketClientAdapter } from '../src/sync/websocket-client.ts';

export class NodeClientAdapter extends sendWhileOpen(ClosingWebSocketClientAdapter) {
  override onError = () => {};
}

/** A Repo connected to `url`, retrying every `retryMs` while it cannot reach it. */
export const nodeSyncClient = (url: string, { retryMs = 200, storage }: { retryMs?: number; storage?: StorageAdapterInterface } = {}) =>
  new Repo({ network: [new NodeClientAdapter(url, retryMs)], storage });

/** Resolves once the server (the Repo's one peer) reports that it has this handle's heads. */
export async function untilServerHas(repo: Repo, handle: DocHandle<unknown>, ms = 60_000) {
  const end = Date.now() + ms;
  const sorted = (heads: readonly string[] | undefined) => JSON.stringify([...(heads ?? [])].sort());
  for (;;) {
    const storageId = repo.peers[0] && repo.getStorageIdOfPeer(repo.peers[0]);
    if (storageId && sorted(handle.getSyncInfo(storageId)?.lastHeads) === sorted(handle.heads())) return;
    if (Date.now() > end) throw new Error('the server did not get the document in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
