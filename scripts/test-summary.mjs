// Prints one closing line for the whole suite from the runners' JSON reports:
// "tests: N passed, N failed" (Vitest unit tests + Playwright end-to-end tests).
import { readFileSync } from 'node:fs';

const read = (path) => {
  try { return JSON.parse(readFileSync(path, 'utf8')); } catch { return null; }
};

const unit = read('reports/vitest.json');
const e2e = read('reports/playwright.json');
if (!unit || !e2e) {
  console.error(`test summary: missing ${!unit ? 'reports/vitest.json' : 'reports/playwright.json'}`);
  process.exit(1);
}
const passed = unit.numPassedTests + e2e.stats.expected;
const failed = unit.numFailedTests + e2e.stats.unexpected + (e2e.stats.flaky ?? 0);
const skipped = unit.numPendingTests + unit.numTodoTests + e2e.stats.skipped;
console.log(`unit ${unit.numPassedTests} passed; end to end ${e2e.stats.expected} passed`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
