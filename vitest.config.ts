import { defineConfig } from 'vitest/config';
import { embedMigrations } from './src/build/embed-migrations.ts';

// Vitest 5 reports failures with Map.groupBy (Node 21+); on Node 20 a failing test would crash
// the reporter instead of being shown. The config runs in the reporter's process.
if (!('groupBy' in Map)) {
  Object.defineProperty(Map, 'groupBy', {
    value<K, V>(items: Iterable<V>, key: (item: V, index: number) => K): Map<K, V[]> {
      const groups = new Map<K, V[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        groups.set(k, [...(groups.get(k) ?? []), item]);
      }
      return groups;
    },
  });
}

export default defineConfig({
  plugins: [embedMigrations({ dir: 'migrations' })],
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
