// The UI talks to the database through the DatabaseApi (src/db/api.ts) and uses the domain's
// rules; it never depends on which worker serves it, nor on SQLite. Every import of every file
// under src/ui, static or dynamic, is resolved and checked.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN = ['src/db/worker/', 'src/db/sqlite/'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) ? [join(dir, e.name)] : []);
}

/** Every module a source text imports: `import … from`, `export … from`, `import '…'` and `import('…')`. */
export function importedPaths(source: string): string[] {
  const found = [
    ...source.matchAll(/\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g),
  ];
  return found.map((m) => m[1]);
}

/** The imports of the files under `root` that reach a forbidden folder, as "file -> module". */
export function forbiddenImports(root: string, repo = process.cwd()): string[] {
  return filesUnder(root).flatMap((file) =>
    importedPaths(readFileSync(file, 'utf8'))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => relative(repo, resolve(dirname(file), spec)).split('\\').join('/'))
      .filter((target) => FORBIDDEN.some((folder) => target.startsWith(folder)))
      .map((target) => `${relative(repo, file)} -> ${target}`));
}

describe('the UI depends on the DatabaseApi and the domain only', () => {
  it('finds static, type-only, re-exported and dynamic imports', () => {
    const text = [
      `import { a } from '../db/worker/one.ts';`,
      `import type {\n  B,\n} from "../db/sqlite/two.ts";`,
      `export { c } from './three.ts';`,
      `import './four.css';`,
      `const m = await import('../db/worker/five.ts');`,
    ].join('\n');
    expect(importedPaths(text)).toEqual(['../db/worker/one.ts', '../db/sqlite/two.ts', './three.ts', './four.css', '../db/worker/five.ts']);
  });

  it('no file under src/ui imports src/db/worker or src/db/sqlite', () => {
    expect(forbiddenImports('src/ui')).toEqual([]);
  });
});
