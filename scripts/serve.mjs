// Serves a built app (default: dist/) on a fixed local port. Used by `npm start`, the end-to-end
// tests and the benchmark, so all of them see the production bundle and its service worker.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_PORT = 4173;

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
};

/**
 * Starts serving `root`; resolves once listening. `setRoot()` switches to another build on the
 * same origin (tests: upgrade, downgrade); `close()` stops it and drops open connections.
 * `headers` go on every response (the benchmark's peers: COOP/COEP for cross-origin isolation).
 */
export function serve({ root = 'dist', port = DEFAULT_PORT, host = '127.0.0.1', headers = {} } = {}) {
  let base = resolve(root);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) { res.writeHead(403).end(); return; }
    let stat = statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) { file = join(file, 'index.html'); stat = statSync(file, { throwIfNoEntry: false }); }
    // Client-side routes fall back to the app shell; missing assets are real 404s.
    if (!stat && !extname(path)) { file = join(base, 'index.html'); stat = statSync(file, { throwIfNoEntry: false }); }
    if (!stat) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
    const hashed = /\/assets\//.test(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      // Hashed assets never change; the shell and service worker must always be revalidated.
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      ...headers,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      resolvePromise({
        url: `http://localhost:${port}/`,
        setRoot: (dir) => { base = resolve(dir); },
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? 'dist';
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  try {
    statSync(join(root, 'index.html'));
  } catch {
    console.error(`Nothing to serve: ${root}/index.html is missing. Build first with: npm run build`);
    process.exit(1);
  }
  serve({ root, port }).then(
    ({ url }) => console.log(`Upwork Researcher is being served at ${url}  (Ctrl+C to stop)`),
    (e) => {
      console.error(e.code === 'EADDRINUSE' ? `Port ${port} is already in use: stop the other server or set PORT=…` : e.message);
      process.exit(1);
    },
  );
}
