// Boot code, generated: it runs before the first paint (a blocking classic script, inlined into
// index.html and allowed by its hash). It starts the database worker, applies the saved theme, so there is no flash, and restricts
// network access to this origin plus the configured AI provider's origin. It checks that origin
// with the very function the Settings screen uses (its source is inlined), so the two cannot drift.
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';
import { providerOriginOf } from '../db/domain/urls.ts';
import { BOOT_STORAGE_KEY } from '../ui/boot-settings.ts';
import { EARLY_WORKER_GLOBAL } from '../ui/early-worker.ts';
import { TAB_STORAGE_KEY } from '../ui/this-tab.ts';
import { RETURNING_TAB } from '../db/tab-port.ts';

/**
 * `workerUrl`: the built database worker, started here, before the UI's bundle is even fetched, so
 * that SQLite loads while the page is being built (the page takes it over: database-client.ts).
 */
export function bootScript({ workerUrl }: { workerUrl?: string } = {}): string {
  // A tab with an id already (a reload) is likely the database's owner: its worker loads SQLite at once.
  const startWorker = workerUrl
    ? `
  try {
    var returning = false;
    try { returning = !!sessionStorage.getItem(${JSON.stringify(TAB_STORAGE_KEY)}); } catch (e) { /* blocked */ }
    window.${EARLY_WORKER_GLOBAL} = new Worker(${JSON.stringify(workerUrl)}, { type: 'module', name: 'database' + (returning ? ${JSON.stringify(RETURNING_TAB)} : '') });
  } catch (e) { /* the page starts it */ }`
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

const BOOT_TAG = '<script src="/boot.js"></script>';

/**
 * In development, serves /boot.js. In the build, puts the script into index.html itself, allowed
 * by its hash in the CSP: one request fewer before the first paint and the worker's start
 * (measured: a warm start's worker began ~15 ms sooner).
 */
export function bootScriptPlugin(): Plugin {
  return {
    name: 'upwork-researcher:boot-script',
    configureServer(server) {
      server.middlewares.use('/boot.js', (_req, res) => {
        res.setHeader('Content-Type', 'text/javascript');
        res.end(bootScript());
      });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        // `npm run dev` injects each CSS file as a <style> element: allowed there, never in a build.
        if (!ctx.bundle) return html.replace("style-src 'self'", () => "style-src 'self' 'unsafe-inline'");
        // The database worker, as Vite emitted it (assets/worker-<hash>.js).
        const worker = Object.keys(ctx.bundle).find((f) => /^assets\/worker-[\w-]+\.js$/.test(f));
        if (!worker) throw new Error('the database worker (assets/worker-*.js) is not in the bundle: the boot script cannot start it');
        const script = bootScript({ workerUrl: `/${worker}` });
        if (/<\/script/i.test(script) || !html.includes(BOOT_TAG) || !html.includes("script-src 'self'")) {
          throw new Error('index.html or the boot script changed shape: the boot script cannot be inlined');
        }
        return html
          .replace(BOOT_TAG, () => `<script>${script}</script>`)
          .replace("script-src 'self'", () => `script-src 'self' '${bootScriptHash(script)}'`);
      },
    },
  };
}

/** The CSP source that allows exactly this inline script. */
export const bootScriptHash = (script: string) => `sha256-${createHash('sha256').update(script).digest('base64')}`;
