// public boot code, generated: /boot.js runs before the first paint (a blocking classic script,
// allowed by the CSP as 'self'). It applies the saved theme, so there is no flash, and restricts
// network access to this origin plus the configured AI provider's origin. It checks that origin
// with the very function the Settings screen uses (its source is inlined), so the two cannot drift.
import type { Plugin } from 'vite';
import { providerOriginOf } from '../db/domain/urls.ts';
import { BOOT_STORAGE_KEY } from '../ui/boot-settings.ts';
import { EARLY_WORKER_GLOBAL } from '../ui/early-worker.ts';

/**
 * `workerUrl`: the built database worker, started here, before the UI's bundle is even fetched, so
 * that SQLite loads while the page is being built (the page takes it over: database-client.ts).
 */
export function bootScript({ workerUrl }: { workerUrl?: string } = {}): string {
  const startWorker = workerUrl
    ? `
  try { window.${EARLY_WORKER_GLOBAL} = new Worker(${JSON.stringify(workerUrl)}, { type: 'module', name: 'database' }); } catch (e) { /* the page starts it */ }`
    : '';
  return `// Generated from src/build/boot-script.ts: edit that file.
(function () {${startWorker}
  var providerOriginOf = ${providerOriginOf.toString()};
  var boot = {};
  try { boot = JSON.parse(localStorage.getItem(${JSON.stringify(BOOT_STORAGE_KEY)}) || '{}') || {}; } catch (e) { boot = {}; }
  var theme = boot.theme === 'dark' || boot.theme === 'light' ? boot.theme : 'system';
  document.documentElement.setAttribute('data-theme', theme);
  // Only an origin exactly as the Settings rule gives it: anything else (a path, a script) is dropped.
  var stored = typeof boot.providerOrigin === 'string' ? boot.providerOrigin : '';
  var origin = stored && providerOriginOf(stored) === stored ? ' ' + stored : '';
  var meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = "connect-src 'self'" + origin;
  document.head.appendChild(meta);
})();
`;
}

/** Serves /boot.js in development and writes it into the build. */
export function bootScriptPlugin(): Plugin {
  return {
    name: 'upwork-researcher:boot-script',
    configureServer(server) {
      server.middlewares.use('/boot.js', (_req, res) => {
        res.setHeader('Content-Type', 'text/javascript');
        res.end(bootScript());
      });
    },
    generateBundle(_, bundle) {
      // The database worker, as Vite emitted it (assets/worker-<hash>.js).
      const worker = Object.keys(bundle).find((f) => /^assets\/worker-[\w-]+\.js$/.test(f));
      if (!worker) this.error('the database worker (assets/worker-*.js) is not in the bundle: boot.js cannot start it');
      this.emitFile({ type: 'asset', fileName: 'boot.js', source: bootScript({ workerUrl: `/${worker}` }) });
    },
  };
}
