// The database worker that the boot script started before the UI's bundle ran (build/boot-script.ts):
// the page's first connection takes it over instead of starting another.
export const EARLY_WORKER_GLOBAL = '__upworkResearcherDatabaseWorker';

export function takeEarlyWorker(): Worker | null {
  const w = globalThis as unknown as Record<string, Worker | undefined>;
  const worker = w[EARLY_WORKER_GLOBAL] ?? null;
  delete w[EARLY_WORKER_GLOBAL];
  return worker;
}
