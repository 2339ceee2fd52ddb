// A device in Node (tests, benchmark): an automerge-repo Repo with the app's WebSocket client
// (src/sync/send-while-open.ts). The adapter rethrows any socket error but a refused connection in
// Node (a reset while the server is killed, a refusal); a browser's adapter only retries. This one
// retries in Node too.
import { Repo, type DocHandle, type StorageAdapterInterface } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import type { PeerId, PeerMetadata } from '@automerge/automerge-repo/slim';
import { sendWhileOpen } from '../src/sync/send-while-open.ts';

export class NodeClientAdapter extends sendWhileOpen(WebSocketClientAdapter) {
  override onError = () => {};

  // A retry replaces the socket without closing the old one, and takes its error listener away: an
  // error on the old one then (a hang-up while the server is busy) would end the process.
  override connect(peerId: PeerId, peerMetadata?: PeerMetadata) {
    const old = this.socket;
    super.connect(peerId, peerMetadata);
    if (old && old !== this.socket) {
      old.addEventListener('error', () => {});
      old.close();
    }
  }
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
