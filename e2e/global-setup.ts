import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build as viteBuild } from 'vite';
import { BROKEN_NEXT, build, NEWER_NEXT } from './builds.ts';

/**
 * A newer build's synced column: the mapping with one more line at the end of its list, as a real
 * one would add, put in place of src/sync/mapping.ts (by an alias, which the worker's build uses too).
 */
function withSyncedColumn(line: string, outDir: string) {
  const code = readFileSync('src/sync/mapping.ts', 'utf8');
  const end = code.indexOf('];', code.indexOf('export const PROPOSAL_COLUMNS'));
  const file = resolve(`${outDir}-mapping.ts`); // beside the build, under the repo: its imports resolve
  writeFileSync(file, `${code.slice(0, end)}  ${line}\n${code.slice(end)}`);
  return { resolve: { alias: [{ find: /^\.\/mapping\.ts$/, replacement: file }] } };
}

async function buildApp(outDir: string, extra?: { file: string; sql: string; syncedColumn?: string }) {
  const migrations = mkdtempSync(join(tmpdir(), 'e2e-migrations-'));
  try {
    cpSync('migrations', migrations, { recursive: true });
    if (extra) writeFileSync(join(migrations, extra.file), extra.sql);
    process.env.MIGRATIONS_DIR = migrations;
    process.env.OUT_DIR = outDir;
    await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn', ...(extra?.syncedColumn ? withSyncedColumn(extra.syncedColumn, outDir) : {}) });
  } finally {
    delete process.env.MIGRATIONS_DIR;
    delete process.env.OUT_DIR;
    rmSync(migrations, { recursive: true, force: true });
  }
}

export default async function globalSetup() {
  mkdirSync(build.current, { recursive: true });
  await buildApp(build.current);
  await buildApp(build.brokenNext, BROKEN_NEXT);
  await buildApp(build.newerNext, NEWER_NEXT);
}
