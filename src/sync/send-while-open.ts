// automerge-repo answers a sync message from inside the document handle's update: it applies the
// message (which makes Automerge mark the document it was given as outdated), then sends its answer,
// then returns the new document. The WebSocket client adapter throws when its socket is no longer
// open (a connection the server just closed, or its keepalive dropped, while messages were still
// arriving); the handle then catches the error and keeps the outdated document, and from then on
// every change on that device fails ("Attempting to change an outdated document") and it never
// converges again until it restarts. An answer that cannot go now is dropped instead: the
// connection is ending, and the next one starts the sync over from what each side has.
import type { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';

/** WebSocket.OPEN, the same in browsers and Node's `ws`. */
const OPEN = 1;

type AdapterClass = new (...args: any[]) => WebSocketClientAdapter;

/** The adapter class `Base`, whose `send` never throws for a socket that is not open: it drops. */
export function sendWhileOpen<C extends AdapterClass>(Base: C) {
  return class SendWhileOpen extends Base {
    /** Messages dropped because the connection was ending (counted, for the benchmark). */
    dropped = 0;

    override send(message: Parameters<WebSocketClientAdapter['send']>[0]): void {
      if (this.socket && this.socket.readyState !== OPEN) {
        this.dropped++;
        return;
      }
      super.send(message);
    }
  };
}
