declare module 'virtual:migrations' {
  import type { Migration } from './migrate/index.ts';
  const migrations: readonly Migration[];
  export default migrations;
}

declare module 'virtual:schema-image' {
  import type { SchemaImage } from './db/sqlite/schema-image.ts';
  const image: SchemaImage | null;
  export default image;
}

/** package.json's version, defined at build time. */
declare const __APP_VERSION__: string;
