// public boot code, generated: /boot.js runs before the first paint (a blocking classic script,
// allowed by the CSP as 'self'). It applies the saved theme, so there is no flash, and restricts
// network access to this origin plus the configured AI provider's origin. It checks that origin
// with the very function the Settings screen uses (its source is inlined), so the two cannot drift.
import type { Plugin } from 'vite';
import { providerOriginOf } from '../db/domain/urls.ts';
import { BOOT_STORAGE_KEY } from '../ui/boot-settings.ts';

export function bootScript(): string {
  return `// Generated from src/build/boot-script.ts: edit that file.
(function () {
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
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'boot.js', source: bootScript() });
    },
  };
}
