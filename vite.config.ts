import preact from '@preact/preset-vite';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { bootScriptPlugin } from './src/build/boot-script.ts';
import { embedMigrations } from './src/build/embed-migrations.ts';
import { schemaImage } from './src/build/schema-image.ts';

// MIGRATIONS_DIR and OUT_DIR let tests build variants of the app (e.g. with a broken migration).
const migrationsDir = process.env.MIGRATIONS_DIR ?? 'migrations';
const appVersion = JSON.parse(readFileSync('package.json', 'utf8')).version as string;

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(appVersion) },
  plugins: [
    preact(),
    bootScriptPlugin(),
    embedMigrations({ dir: migrationsDir }),
    schemaImage({ dir: migrationsDir }),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'Upwork Researcher',
        short_name: 'Researcher',
        description: 'Keep Upwork job posts and the proposals you write for them, offline, in your browser.',
        theme_color: '#0e7a00',
        background_color: '#f7f7f5',
        display: 'standalone',
        start_url: '/',
        icons: [
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell, the database worker and the SQLite WASM: everything needed offline.
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,webmanifest}'],
        // sqlite-wasm's Promiser worker and OPFS proxy are emitted but never loaded by this app.
        // Automerge's WASM (3.6 MB) is needed only by a device that syncs: not precached for
        // everyone, but kept once a syncing device has loaded it, so sync starts offline too.
        globIgnores: ['**/sqlite3-worker1*.js', '**/sqlite3-opfs-async-proxy*.js', '**/automerge-*.wasm'],
        runtimeCaching: [{ urlPattern: /\/assets\/automerge-[\w-]+\.wasm$/, handler: 'CacheFirst', options: { cacheName: 'sync-engine' } }],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: {
    format: 'es',
    plugins: () => [embedMigrations({ dir: migrationsDir }), schemaImage({ dir: migrationsDir })],
  },
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
  build: { outDir: process.env.OUT_DIR ?? 'dist', target: 'es2022', emptyOutDir: true },
  server: { port: 5173, strictPort: true },
});
