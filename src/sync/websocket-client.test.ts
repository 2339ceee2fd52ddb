// The client adapter's retries against a server that takes the connection but does not answer the
// upgrade (busy, or a proxy holding it): every socket it gives up on must be closed, not left open.
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { PeerId } from '@automerge/automerge-repo/slim';
import { ClosingWebSocketClientAdapter } from './websocket-client.ts';

let server: Server | undefined;
const held: Duplex[] = [];
let closing = false;
afterEach(async () => {
  closing = true; // a connection still arriving is ended at once, else close() waits for it
  for (const s of held.splice(0)) s.destroy();
  await new Promise((r) => server?.close(r));
});

describe('ClosingWebSocketClientAdapter', () => {
  it('closes the socket it retries from: one connection stays open on a server that never answers', async () => {
    server = createServer();
    server.on('upgrade', (_req, socket) => (closing ? socket.destroy() : held.push(socket))); // never answered
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };

    const adapter = new ClosingWebSocketClientAdapter(`ws://127.0.0.1:${port}/sync/x`, 50);
    adapter.connect('device' as PeerId);
    await expect.poll(() => held.length, { timeout: 5000 }).toBeGreaterThanOrEqual(5);
    // The closes reach the server in their own time (a busy machine): at most the one being tried stays.
    const open = () => held.filter((s) => !s.destroyed && !s.readableEnded).length;
    try {
      await expect.poll(open, { timeout: 5000 }).toBeLessThanOrEqual(1);
    } finally {
      adapter.disconnect();
    }
  });
});
