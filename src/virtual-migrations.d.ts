declare module 'virtual:migrations' {
  import type { Migration } from './migrate/index.ts';
  const migrations: readonly Migration[];
  export default migrations;
}

/** package.json's version, defined at build time. */
declare const __APP_VERSION__: string;
