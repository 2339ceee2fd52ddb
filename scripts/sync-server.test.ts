// The sync server, started for real as its own process on a free loopback port: health, tokens,
// spaces kept apart, data surviving a restart and a kill, size limits, and logs without user text.
import { afterEach, describe, expect, it } from 'vitest';
import type { Repo } from '@automerge/automerge-repo';
import WebSocket from 'ws';
import { nodeSyncClient, untilServerHas } from './sync-node-client.ts';
import { spawnSyncServer } from './sync-server-process.mjs';

type Server = Awaited<ReturnType<typeof spawnSyncServer>>;
const running: Server[] = [];
const start = async (options = {}) => {
  const s = await spawnSyncServer(options);
  running.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop('SIGKILL')));
});

const createSpace = async (s: Server) => (await (await fetch(`${s.url}/spaces`, { method: 'POST' })).json()) as { space: string; token: string };
const wsUrl = (s: Server, space: string, token: string) => `${s.url.replace('http', 'ws')}/sync/${space}?token=${encodeURIComponent(token)}`;
/** How the server answers a WebSocket upgrade: 'open', or the HTTP status it refused with. */
const upgrade = (url: string) => new Promise<string>((resolve) => {
  const ws = new WebSocket(url);
  ws.on('open', () => { ws.close(); resolve('open'); });
  ws.on('unexpected-response', (_req, res) => { resolve(String(res.statusCode)); ws.terminate(); });
  ws.on('error', () => resolve('error'));
});
const client = (url: string): Repo => nodeSyncClient(url);
const untilDefined = async <T>(f: () => T | undefined, ms = 10_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('sync server', () => {
  it('answers /health, creates spaces, and refuses a wrong or missing token, or an unknown space', async () => {
    const s = await start();
    expect(await (await fetch(`${s.url}/health`)).json()).toMatchObject({ ok: true });
    const { space, token } = await createSpace(s);
    const other = await createSpace(s);
    const check = (id: string, t?: string) => fetch(`${s.url}/spaces/${id}`, { headers: t ? { authorization: `Bearer ${t}` } : {} }).then((r) => r.status);
    expect(await check(space, token)).toBe(200);
    expect(await check(space, 'wrong')).toBe(401);
    expect(await check(space)).toBe(401);
    expect(await check(space, other.token)).toBe(401); // another space's token opens only that space
    expect(await check('0123456789abcdef01234567', token)).toBe(404);
    expect(await upgrade(wsUrl(s, space, token))).toBe('open');
    expect(await upgrade(wsUrl(s, space, 'wrong'))).toBe('401');
    expect(await upgrade(`${s.url.replace('http', 'ws')}/sync/${space}`)).toBe('401');
  });

  it("replaces a space's token when asked with the current one: the old one is refused from then on, its connections let go", async () => {
    const s = await start();
    const { space, token } = await createSpace(s);
    const replace = (t: string) => fetch(`${s.url}/spaces/${space}/token`, { method: 'POST', headers: { authorization: `Bearer ${t}` } });
    const connected = new WebSocket(wsUrl(s, space, token));
    await new Promise((r) => connected.once('open', r));
    const closed = new Promise<number>((r) => connected.once('close', r));
    expect((await replace('wrong')).status).toBe(401);
    const answer = await replace(token);
    expect(answer.status).toBe(200);
    const { token: renewed } = (await answer.json()) as { token: string };
    expect(renewed).not.toBe(token);
    expect(await closed).toBe(4401);
    const check = (t: string) => fetch(`${s.url}/spaces/${space}`, { headers: { authorization: `Bearer ${t}` } }).then((r) => r.status);
    expect(await check(token)).toBe(401);
    expect(await check(renewed)).toBe(200);
    expect(await upgrade(wsUrl(s, space, token))).toBe('401');
    expect(await upgrade(wsUrl(s, space, renewed))).toBe('open');
    expect(s.output()).not.toContain(renewed);
    // And after a restart on the same data.
    await s.stop();
    const again = await start({ dataDir: s.dataDir });
    expect(await fetch(`${again.url}/spaces/${space}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status)).toBe(401);
    expect(await fetch(`${again.url}/spaces/${space}`, { headers: { authorization: `Bearer ${renewed}` } }).then((r) => r.status)).toBe(200);
  });

  it('needs the create token to make a space when one is set', async () => {
    const s = await start({ env: { SYNC_CREATE_TOKEN: 'let-me-in' } });
    expect((await fetch(`${s.url}/spaces`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${s.url}/spaces`, { method: 'POST', headers: { authorization: 'Bearer let-me-in' } })).status).toBe(201);
  });

  it('keeps the documents on disk: they survive a restart and a kill, and the logs hold no user text nor token', async () => {
    let s = await start();
    const { space, token } = await createSpace(s);
    const a = client(wsUrl(s, space, token));
    const handle = a.create<{ text: string }>({ text: 'secret proposal text' });
    await untilServerHas(a, handle);
    await a.shutdown();
    const log1 = s.output();
    await s.stop('SIGTERM');
    s = await start({ dataDir: s.dataDir });
    const b = client(wsUrl(s, space, token));
    expect((await b.find<{ text: string }>(handle.url)).doc().text).toBe('secret proposal text');
    const onB = await b.find<{ text: string }>(handle.url);
    onB.change((d) => { d.text = 'changed before a kill'; });
    await untilServerHas(b, onB);
    await new Promise((r) => setTimeout(r, 300)); // the server's storage writes come up to 100 ms after
    await b.shutdown();
    const log2 = s.output();
    await s.stop('SIGKILL');
    s = await start({ dataDir: s.dataDir });
    const c = client(wsUrl(s, space, token));
    expect((await c.find<{ text: string }>(handle.url)).doc().text).toBe('changed before a kill');
    await c.shutdown();
    for (const log of [log1, log2, s.output()]) {
      expect(log).toMatch(/connected to space/);
      expect(log).not.toMatch(/secret|proposal text|changed before/);
      expect(log).not.toContain(token);
    }
  });

  it('closes a connection that sends a message over the limit, and refuses a space over its size', async () => {
    const s = await start({ env: { SYNC_MAX_MESSAGE_BYTES: '100000', SYNC_MAX_SPACE_BYTES: '20000' } });
    const { space, token } = await createSpace(s);
    const ws = new WebSocket(wsUrl(s, space, token));
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(new Uint8Array(200_000));
    expect(await closed).toBe(1009);
    const a = client(wsUrl(s, space, token));
    a.create({ text: 'x'.repeat(200) });
    const big = a.create({ blob: crypto.getRandomValues(new Uint8Array(60_000)) });
    await untilDefined(() => (/space \w+ is full/.test(s.output()) ? true : undefined));
    expect(await fetch(`${s.url}/spaces/${space}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status)).toBe(413);
    expect(await upgrade(wsUrl(s, space, token))).toBe('413');
    expect(big.url).toBeTruthy();
    await a.shutdown();
  });
});
