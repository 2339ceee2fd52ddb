import { defineConfig } from 'vite';
import { embedMigrations } from './src/build/embed-migrations.ts';

// The peer benchmark's pages (bench/peers/): each runtime in its own worker, built like the app.
// `npm run bench` builds them into dist-bench/ and serves them (with and without COOP/COEP).
export default defineConfig({
  root: 'bench/peers',
  logLevel: 'warn',
  plugins: [embedMigrations({ dir: 'migrations' })],
  worker: { format: 'es', plugins: () => [embedMigrations({ dir: 'migrations' })] },
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm', 'sqlocal', '@electric-sql/pglite'] },
  build: { outDir: '../../dist-bench', target: 'es2022', emptyOutDir: true },
});
