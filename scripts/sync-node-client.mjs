// A device in Node (tests, benchmark): an automerge-repo Repo with the WebSocket client adapter.
// The adapter rethrows any socket error but a refused connection in Node (a reset while the server
// is killed, a refusal); a browser's adapter only retries. This one retries in Node too.
import { Repo } from '@automerge/automerge-repo';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';

class RetryingClientAdapter extends WebSocketClientAdapter {
  onError = () => {};
}

/** A Repo connected to `url`, retrying every `retryMs` while it cannot reach it. */
export const nodeSyncClient = (url, { retryMs = 200, storage } = {}) =>
  new Repo({ network: [new RetryingClientAdapter(url, retryMs)], storage });
