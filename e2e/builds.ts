// The app builds the end-to-end tests serve: the real one, one with a broken next migration and
// one with a good next migration (a "newer version" of the app). Built once by global-setup.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const BUILDS_DIR = 'test-results/builds';
export const build = {
  current: join(BUILDS_DIR, 'current'),
  brokenNext: join(BUILDS_DIR, 'broken-next'),
  newerNext: join(BUILDS_DIR, 'newer-next'),
};

/** The bundled migrations' versions, ascending (there may be gaps: a number can be kept for another branch). */
export const VERSIONS = readdirSync('migrations').map((f) => Number(/^V(\d+)__/.exec(f)?.[1] ?? 0)).filter((v) => v > 0).sort((a, b) => a - b);
/** The newest bundled migration's version: the tests' extra migration comes after it. */
export const CURRENT_VERSION = Math.max(...VERSIONS);
export const NEXT = CURRENT_VERSION + 1;

export const BROKEN_NEXT = {
  file: `V${NEXT}__add_client_rating.sql`,
  name: 'add_client_rating',
  sql: `-- Adds a rating for the client.\nALTER TABLE proposals ADD COLUMN client_rating INTEGER;\n\nUPDATE proposal SET client_rating = 0;\n`,
  line: 4,
};
/**
 * A newer build: one more column, filled for the proposals there already, and synced (its one line
 * in src/sync/mapping.ts, added to that build only).
 */
export const NEWER_NEXT = {
  file: `V${NEXT}__add_reminder.sql`,
  name: 'add_reminder',
  sql: "ALTER TABLE proposals ADD COLUMN remind_at TEXT;\nUPDATE proposals SET remind_at = 'set by the newer build';\n",
  syncedColumn: "{ column: 'remind_at', field: 'remindAt', kind: 'value' },",
};
