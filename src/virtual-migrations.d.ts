declare module 'virtual:migrations' {
  import type { Migration } from './migrate/index.ts';
  const migrations: readonly Migration[];
  export default migrations;
}
