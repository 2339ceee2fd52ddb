import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InvalidMigrationFileError, loadMigration, sortMigrations, type Migration } from '../migrate/index.ts';

export interface MigrationFile extends Migration {
  /** Path relative to the migrations folder, for messages. */
  file: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function listSqlFiles(dir: string): string[] {
  // Recursive like refinery's embed_migrations!, which walks the whole folder.
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.sql'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * Reads and checks every `.sql` file below `dir`: refinery's name rules, one file per version,
 * UTF-8 text, no transaction control. Throws InvalidMigrationFileError naming the file.
 */
export function readMigrations(dir: string): MigrationFile[] {
  const files = listSqlFiles(dir).map((path) => {
    const file = relative(dir, path);
    let sql: string;
    try {
      sql = utf8.decode(readFileSync(path));
    } catch {
      throw new InvalidMigrationFileError(file, 'the file is not valid UTF-8 text');
    }
    if (!file.endsWith('.sql')) throw new InvalidMigrationFileError(file, 'the extension must be .sql in lower case');
    return { ...loadMigration(file, sql), file };
  });
  return sortMigrations(files, (m) => m.file);
}
