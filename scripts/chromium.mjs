// Finds a Chromium for the end-to-end tests and the benchmark, installing one when it can:
// CHROMIUM_PATH, then Debian's package (apt-get, as root), then Playwright's own browser.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

async function playwrightsOwn() {
  try {
    const { chromium } = await import('@playwright/test');
    const path = chromium.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The path of a usable Chromium, or undefined. Installs nothing. */
export async function findChromium() {
  const env = process.env.CHROMIUM_PATH;
  if (env) return existsSync(env) ? env : undefined;
  return SYSTEM.find((p) => existsSync(p)) ?? (await playwrightsOwn());
}

function tryApt(log) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) return false;
  log('No Chromium found: installing Debian\'s chromium package (apt-get)…');
  try {
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return true;
  } catch {
    return false;
  }
}

function tryPlaywrightInstall(log) {
  log('Trying Playwright\'s own Chromium download (npx playwright install chromium)…');
  return spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' }).status === 0;
}

/** Finds or installs Chromium; exits with a clear message when neither works. */
export async function ensureChromium(log = (m) => console.error(m)) {
  let path = await findChromium();
  if (!path && (tryApt(log) || tryPlaywrightInstall(log))) path = await findChromium();
  if (!path) {
    log([
      'No Chromium for the browser tests, and none could be installed.',
      '  - Debian/Ubuntu, as root: apt-get update && apt-get install -y chromium',
      '  - or: npx playwright install chromium',
      '  - or point CHROMIUM_PATH at a Chromium/Chrome binary.',
    ].join('\n'));
    process.exit(1);
  }
  return path;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const path = await ensureChromium();
  console.log(`Chromium: ${path}`);
}
