// A database file as the user chooses it: alone, or with the -wal that was beside it (a WAL-mode
// file, the desktop app's, copied while it ran), picked together. And what the app found out
// about it, in words.
import type { DatabaseFileNotes, ImportProgress } from '../db/api.ts';

/** The extensions the pickers offer: database files and their -wal. */
export const DATABASE_FILE_TYPES = '.sqlite3,.sqlite,.db,application/vnd.sqlite3,.db-wal,.sqlite3-wal,.sqlite-wal';

export interface ChosenDatabase {
  file: File;
  wal?: File;
}

/** The database file and its -wal among the chosen files; a string says what is wrong with the choice. */
export function pickDatabaseFile(files: readonly File[]): ChosenDatabase | string {
  const wals = files.filter((f) => f.name.endsWith('-wal'));
  const mains = files.filter((f) => !f.name.endsWith('-wal'));
  if (mains.length !== 1 || wals.length > 1) {
    return `Choose one database file${files.length > 1 ? ', or a database file and its -wal together' : ''} (you chose ${files.map((f) => f.name).join(', ')}).`;
  }
  const [file] = mains;
  const [wal] = wals;
  if (wal && wal.name !== `${file.name}-wal`) return `${wal.name} is not the -wal of ${file.name} (it would be named ${file.name}-wal).`;
  return { file, wal };
}

export const readBytes = async (f: File) => new Uint8Array(await f.arrayBuffer());

/** What the user should know about the file given, as sentences to add to the result. */
export function describeNotes(name: string, notes: DatabaseFileNotes): string {
  const desktop = notes.desktop ? ` It was ${notes.desktop}.` : '';
  const wal = notes.walMissing
    ? ` ${name} is in WAL mode and came without its -wal file: if the desktop app was open when it was copied, its latest changes may be only in ${name}-wal. Close the desktop app and copy the file again, or choose both files together.`
    : '';
  return desktop + wal;
}

/** "reading 2,250 of 5,000 proposals" */
export const progressText = (p: ImportProgress) =>
  `${p.step === 'reading' ? 'reading' : 'adding'} ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} proposals`;
