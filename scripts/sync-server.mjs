// The sync server: automerge-repo's own WebSocket server adapter and file storage, one Repo per
// sync space (its own folder, its own token), behind a token check. `npm run sync-server`.
//
//   PORT            port to listen on (default 3030; 0 picks a free one, printed at start)
//   HOST            address to listen on (default 127.0.0.1: put a TLS reverse proxy in front)
//   SYNC_DATA_DIR   where the spaces live (default ./sync-data)
//   SYNC_CREATE_TOKEN        if set, creating a space needs it (Authorization: Bearer …)
//   SYNC_MAX_MESSAGE_BYTES   largest WebSocket message accepted (default 16 MiB)
//   SYNC_MAX_SPACE_BYTES     largest a space's stored data may grow (default 512 MiB)
//
// It logs connections, refusals and sizes, never a document, a message or a token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Repo } from '@automerge/automerge-repo';
import { WebSocketServerAdapter } from '@automerge/automerge-repo-network-websocket';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import { WebSocketServer } from 'ws';

const MiB = 1024 * 1024;
const SPACE_ID = /^[a-z0-9]{16,64}$/;
const hash = (token) => createHash('sha256').update(token).digest();
const log = (...parts) => console.log(new Date().toISOString(), ...parts);

/** Bytes under a folder (a space's storage), counted once at start; saves keep the count after. */
function folderBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return total;
}

/** Automerge's file storage, counting what a space holds: over the limit, the space refuses more. */
class LimitedStorage extends NodeFSStorageAdapter {
  constructor(dir, limit, onFull) {
    super(dir);
    this.used = folderBytes(dir);
    this.limit = limit;
    this.onFull = onFull;
  }
  get full() { return this.used > this.limit; }
  async save(key, data) {
    if (this.used + data.byteLength > this.limit) {
      this.used += data.byteLength; // refused from now on
      this.onFull();
      return;
    }
    this.used += data.byteLength - this.#sizeOf(key);
    return super.save(key, data);
  }
  async remove(key) {
    this.used -= this.#sizeOf(key); // compaction replaces many small chunks by one snapshot
    return super.remove(key);
  }
  #sizeOf(key) {
    return statSync(this.getFilePath(key), { throwIfNoEntry: false })?.size ?? 0;
  }
}

export async function startSyncServer({
  port = Number(process.env.PORT ?? 3030),
  host = process.env.HOST ?? '127.0.0.1',
  dataDir = process.env.SYNC_DATA_DIR ?? 'sync-data',
  createToken = process.env.SYNC_CREATE_TOKEN ?? '',
  maxMessageBytes = Number(process.env.SYNC_MAX_MESSAGE_BYTES ?? 16 * MiB),
  maxSpaceBytes = Number(process.env.SYNC_MAX_SPACE_BYTES ?? 512 * MiB),
} = {}) {
  const root = resolve(dataDir);
  mkdirSync(join(root, 'spaces'), { recursive: true });
  const registryFile = join(root, 'spaces.json');
  /** @type {Record<string, { tokenSha256: string; createdAt: string; replacedAt?: string }>} */
  const registry = (() => {
    try { return JSON.parse(readFileSync(registryFile, 'utf8')); } catch { return {}; }
  })();
  const saveRegistry = () => {
    writeFileSync(`${registryFile}.tmp`, JSON.stringify(registry, null, 2), { mode: 0o600 });
    renameSync(`${registryFile}.tmp`, registryFile); // whole or not at all
  };

  /** @type {Map<string, Promise<{ repo: Repo; wss: WebSocketServer; storage: LimitedStorage }>>} */
  const open = new Map();
  const openSpace = (id) => {
    let space = open.get(id);
    if (!space) {
      space = (async () => {
        const dir = join(root, 'spaces', id);
        mkdirSync(dir, { recursive: true });
        const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
        const storage = new LimitedStorage(dir, maxSpaceBytes, () => {
          log(`space ${id} is full (${maxSpaceBytes} bytes): closing its connections`);
          for (const ws of wss.clients) ws.close(4413, 'space full');
        });
        // A space's documents are one person's, and only its devices reach this Repo (a Repo per
        // space): announcing them to every peer here leaks nothing, and a device that reconnects is
        // brought up to date by the server too, not only once it speaks first.
        const repo = new Repo({ network: [new WebSocketServerAdapter(wss)], storage, shareConfig: { announce: async () => true, access: async () => true } });
        // The adapter listens only once the storage has its id: a socket accepted sooner is never heard.
        await repo.storageId();
        await new Promise((r) => setTimeout(r, 0));
        return { repo, wss, storage };
      })();
      open.set(id, space);
    }
    return space;
  };

  const tokenMatches = (id, token) => {
    const entry = registry[id];
    if (!entry || !token) return false;
    const want = Buffer.from(entry.tokenSha256, 'hex');
    return timingSafeEqual(want, hash(token));
  };
  const bearer = (req) => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';

  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST, OPTIONS' };
  const json = (res, status, body) => res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...cors }).end(JSON.stringify(body));

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    if (req.method === 'GET' && url.pathname === '/health') return json(res, 200, { ok: true, spaces: Object.keys(registry).length });
    if (req.method === 'POST' && url.pathname === '/spaces') {
      if (createToken && !timingSafeEqual(hash(createToken), hash(bearer(req)))) {
        log('refused to create a space: wrong or missing create token');
        return json(res, 401, { error: 'This server needs its create token to make a sync space.' });
      }
      const id = randomBytes(12).toString('hex');
      const token = randomBytes(24).toString('base64url');
      registry[id] = { tokenSha256: hash(token).toString('hex'), createdAt: new Date().toISOString() };
      saveRegistry();
      log(`space ${id} created`);
      return json(res, 201, { space: id, token });
    }
    // A new token for a space, asked with its current one: the old one stops working at once, and
    // the devices connected with it are let go (each is refused when it comes back, until paired again).
    const replace = /^\/spaces\/([^/]+)\/token$/.exec(url.pathname);
    if (req.method === 'POST' && replace) {
      const id = replace[1];
      if (!registry[id]) return json(res, 404, { error: 'No sync space has this id on this server.' });
      if (!tokenMatches(id, bearer(req))) {
        log(`refused to replace the token of space ${id}: wrong or missing token`);
        return json(res, 401, { error: 'The token for this sync space is wrong.' });
      }
      const token = randomBytes(24).toString('base64url');
      registry[id] = { ...registry[id], tokenSha256: hash(token).toString('hex'), replacedAt: new Date().toISOString() };
      saveRegistry();
      const space = open.get(id);
      const closing = space ? space.then(({ wss }) => { for (const ws of wss.clients) ws.close(4401, 'token replaced'); return wss.clients.size; }) : Promise.resolve(0);
      return closing.then((n) => {
        log(`space ${id}: token replaced, ${n} connection(s) closed`);
        json(res, 200, { token });
      });
    }
    const check = /^\/spaces\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && check) {
      const id = check[1];
      if (!registry[id]) return json(res, 404, { error: 'No sync space has this id on this server.' });
      if (!tokenMatches(id, bearer(req))) {
        log(`refused space ${id}: wrong or missing token`);
        return json(res, 401, { error: 'The token for this sync space is wrong.' });
      }
      return openSpace(id).then(({ storage }) => json(res, storage.full ? 413 : 200, storage.full ? { error: 'This sync space is full.' } : { ok: true }));
    }
    json(res, 404, { error: 'not found' });
  });

  // Browsers cannot set headers on a WebSocket: the token comes in the query string (never logged).
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/sync\/([^/]+)$/.exec(url.pathname);
    const refuse = (status, why) => {
      log(`refused a connection${m ? ` to space ${m[1]}` : ''}: ${why}`);
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!m || !SPACE_ID.test(m[1])) return refuse('404 Not Found', 'no such path');
    const id = m[1];
    if (!registry[id]) return refuse('404 Not Found', 'no such space');
    if (!tokenMatches(id, url.searchParams.get('token') ?? '')) return refuse('401 Unauthorized', 'wrong or missing token');
    openSpace(id).then(({ wss, storage }) => {
      if (storage.full) return refuse('413 Payload Too Large', 'space full');
      wss.handleUpgrade(req, socket, head, (ws) => {
        log(`connected to space ${id} (${wss.clients.size} open)`);
        ws.on('close', (code) => log(`disconnected from space ${id} (code ${code})`));
        // Without a listener, a socket's error (a message over the limit) would end the whole server.
        ws.on('error', (e) => log(`closed a connection to space ${id}: ${e.message}`));
        wss.emit('connection', ws, req);
      });
    }, (e) => refuse('500 Internal Server Error', e instanceof Error ? e.message : 'space failed to open'));
  });

  await new Promise((r, reject) => {
    server.once('error', reject);
    server.listen(port, host, r);
  });
  const address = server.address();
  const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
  log(`sync server listening on ${url} (data in ${root})`);

  return {
    url,
    /** Writes every space's documents to disk, then stops. */
    async close() {
      for (const space of open.values()) {
        const { repo, wss } = await space;
        await repo.flush();
        for (const ws of wss.clients) ws.terminate();
        await repo.shutdown();
      }
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      log('sync server stopped');
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const running = await startSyncServer();
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
