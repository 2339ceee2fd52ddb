// The app builds the end-to-end tests serve: the real one, one with a broken V3 and one with a
// good V3 (a "newer version" of the app). Built once by global-setup.
import { join } from 'node:path';

export const BUILDS_DIR = 'test-results/builds';
export const build = {
  current: join(BUILDS_DIR, 'current'),
  brokenV3: join(BUILDS_DIR, 'broken-v3'),
  newerV3: join(BUILDS_DIR, 'newer-v3'),
};

export const BROKEN_V3 = {
  file: 'V3__add_client_name.sql',
  sql: `-- Adds the client's name to proposals.\nALTER TABLE proposals ADD COLUMN client_name TEXT;\n\nUPDATE proposal SET client_name = '';\n`,
  line: 4,
};
export const NEWER_V3 = { file: 'V3__add_status_to_proposals.sql', sql: 'ALTER TABLE proposals ADD COLUMN status TEXT;\n' };
