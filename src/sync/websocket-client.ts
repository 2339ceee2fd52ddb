// automerge-repo's WebSocket client adapter, with the socket it gives up on closed. Its own
// connect() retries every few seconds until a socket opens, and each retry drops the last socket's
// listeners without closing it: a server slow to answer (busy, or a proxy holding the upgrade) is
// left with one half-open connection per retry, which may still open later and stay, unheard.
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import type { PeerId, PeerMetadata } from '@automerge/automerge-repo/slim';

type Socket = NonNullable<WebSocketClientAdapter['socket']>;

// Closing a socket still connecting reports an error; with its listeners gone, Node's `ws` would
// throw it out of the process (a browser only logs it).
const hushed = (socket: Socket | undefined) => { socket?.addEventListener('error', () => {}); return socket; };

export class ClosingWebSocketClientAdapter extends WebSocketClientAdapter {
  override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    const old = this.socket;
    super.connect(peerId, peerMetadata);
    if (old && old !== this.socket) hushed(old)!.close();
  }

  override disconnect(): void {
    hushed(this.socket);
    super.disconnect();
  }
}
