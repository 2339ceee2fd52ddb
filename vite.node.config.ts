import { defineConfig } from 'vite';
import { embedMigrations } from './src/build/embed-migrations.ts';

// Node builds of the same engine and the same bundled migrations: the database CLI and the
// engine benchmark. SQLite WASM stays an external dependency (loaded from node_modules).
export default defineConfig({
  plugins: [embedMigrations({ dir: process.env.MIGRATIONS_DIR ?? 'migrations' })],
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: 'dist-node',
    target: 'node20',
    emptyOutDir: true,
    rollupOptions: {
      input: { db: 'src/cli/main.ts', 'bench-engine': 'scripts/bench-engine.ts', 'bench-data': 'scripts/bench-data.ts', 'build-desktop-fixtures': 'scripts/build-desktop-fixtures.ts', 'bench-desktop': 'scripts/bench-desktop.ts', 'bench-sync': 'scripts/bench-sync.ts', 'bench-sync-load': 'scripts/bench-sync-load.ts' },
      output: { entryFileNames: '[name].mjs' },
    },
  },
});
