// A browser on a profile of its own, and its death: SIGKILL to every process of that profile, as a
// crash or a power cut leaves it. Started again on the same profile, it finds what was on disk.
import { chromium, type BrowserContext } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';

export async function launchOnProfile(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, { executablePath: (await findChromium())!, args: CHROMIUM_ARGS });
}

/** Kills every process started with this profile: the browser, its renderers, its GPU and utility processes. */
export function killBrowserOf(profile: string): number {
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try { return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(`--user-data-dir=${profile}`); } catch { return false; }
  });
  for (const pid of pids) { try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone already */ } }
  return pids.length;
}
