import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build as viteBuild } from 'vite';
import { BROKEN_NEXT, build, NEWER_NEXT } from './builds.ts';

async function buildApp(outDir: string, extra?: { file: string; sql: string }) {
  const migrations = mkdtempSync(join(tmpdir(), 'e2e-migrations-'));
  try {
    cpSync('migrations', migrations, { recursive: true });
    if (extra) writeFileSync(join(migrations, extra.file), extra.sql);
    process.env.MIGRATIONS_DIR = migrations;
    process.env.OUT_DIR = outDir;
    await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
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
