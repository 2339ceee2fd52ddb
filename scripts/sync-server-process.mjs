// Starts the real sync server as its own process on a free loopback port (PORT=0), for the tests
// and the benchmark: they stop it, kill it mid-sync and start it again on the same data.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./sync-server.mjs', import.meta.url));

/**
 * Resolves once the server listens. `dataDir` defaults to a new temporary folder; pass the same
 * one again to restart on the same data (`port` too, to come back where clients reconnect).
 */
export function spawnSyncServer({ dataDir = mkdtempSync(join(tmpdir(), 'sync-data-')), port = 0, env = {} } = {}) {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SYNC_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return new Promise((resolve, reject) => {
    let listening = false;
    const onData = (chunk) => {
      output += chunk;
      const m = !listening && /sync server listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (!m) return;
      listening = true;
      resolve({
        url: m[1],
        port: Number(m[2]),
        dataDir,
        pid: child.pid,
        /** Everything it printed so far. */
        output: () => output,
        /** SIGTERM: the server writes what it has, then exits. SIGKILL: it dies where it is. */
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => { if (!listening) reject(new Error(`the sync server exited before listening (code ${code}, signal ${signal}):\n${output}`)); });
  });
}
