// The client adapter's retries against a server that takes the connection but does not answer the
// upgrade (busy, or a proxy holding it): every socket it gives up on must be closed, not left open.
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { PeerId } from '@automerge/automerge-repo/slim';
import { ClosingWebSocketClientAdapter } from './websocket-client.ts';

let server: Server | undefined;
const held: Duplex[] = [];
afterEach(async () => {
  for (const s of held.splice(0)) s.destroy();
  await new Promise((r) => server?.close(r));
});

describe('ClosingWebSocketClientAdapter', () => {
  it('closes the socket it retries from: one connection stays open on a server that never answers', async () => {
    server = createServer();
    server.on('upgrade', (_req, socket) => held.push(socket)); // never answered
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };

    const adapter = new ClosingWebSocketClientAdapter(`ws://127.0.0.1:${port}/sync/x`, 50);
    adapter.connect('device' as PeerId);
    await expect.poll(() => held.length, { timeout: 5000 }).toBeGreaterThanOrEqual(5);
    await new Promise((r) => setTimeout(r, 100)); // the closes reach the server
    const open = held.filter((s) => !s.destroyed && !s.readableEnded).length;
    adapter.disconnect();
    expect(open).toBe(1);
  });
});
