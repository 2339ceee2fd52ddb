import { resolve } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { readMigrations } from './read-migrations.ts';

export const MIGRATIONS_MODULE = 'virtual:migrations';
const RESOLVED = '\0' + MIGRATIONS_MODULE;

/** Makes `npm run dev` load the module again when next asked (a migration changed). */
export function invalidateModule(server: ViteDevServer, id: string): void {
  for (const env of Object.values(server.environments)) {
    const mod = env.moduleGraph.getModuleById(id);
    if (mod) env.moduleGraph.invalidateModule(mod);
  }
}

/**
 * `import migrations from 'virtual:migrations'`: every migration file, checked and checksummed at
 * build time (refinery's embed_migrations!). A bad file fails the build, naming it.
 */
export function embedMigrations(options: { dir: string }): Plugin {
  const dir = resolve(options.dir);
  return {
    name: 'upwork-researcher:embed-migrations',
    resolveId: (id) => (id === MIGRATIONS_MODULE ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined;
      let migrations;
      try {
        migrations = readMigrations(dir);
      } catch (e) {
        this.error(`migrations in ${dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
      for (const m of migrations) this.addWatchFile(resolve(dir, m.file));
      // Statements are split here, once, so start-up only slices them out of the text.
      const rows = migrations.map(({ version, name, sql, checksum, statements }) => ({ version, name, sql, checksum, statements }));
      return `export default ${JSON.stringify(rows)};`;
    },
    configureServer(server) {
      server.watcher.add(dir);
      const reload = (path: string) => {
        if (!resolve(path).startsWith(dir)) return;
        invalidateModule(server, RESOLVED);
        server.ws.send({ type: 'full-reload' });
      };
      server.watcher.on('change', reload).on('add', reload).on('unlink', reload);
    },
  };
}
