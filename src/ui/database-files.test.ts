import { describe, expect, it } from 'vitest';
import { describeNotes, pickDatabaseFile, progressText } from './database-files.ts';

const file = (name: string) => new File(['x'], name);

describe('a database file chosen with its -wal', () => {
  it('is told apart from its -wal, in either order', () => {
    const [db, wal] = [file('upwork-researcher.db'), file('upwork-researcher.db-wal')];
    expect(pickDatabaseFile([wal, db])).toEqual({ file: db, wal });
    expect(pickDatabaseFile([db])).toEqual({ file: db, wal: undefined });
  });

  it('refuses two databases, a -wal alone, or the -wal of another file, saying why', () => {
    expect(pickDatabaseFile([file('a.db'), file('b.db')])).toMatch(/^Choose one database file, or a database file and its -wal together \(you chose a\.db, b\.db\)/);
    expect(pickDatabaseFile([file('a.db-wal')])).toMatch(/^Choose one database file/);
    expect(pickDatabaseFile([file('a.db'), file('b.db-wal')])).toBe('b.db-wal is not the -wal of a.db (it would be named a.db-wal).');
  });

  it('what the app found out is said in words', () => {
    expect(describeNotes('x.db', {})).toBe('');
    expect(describeNotes('x.db', { desktop: "the desktop app's database at V27", walMissing: true }))
      .toBe(" It was the desktop app's database at V27. x.db is in WAL mode and came without its -wal file: if the desktop app was open when it was copied, its latest changes may be only in x.db-wal. Close the desktop app and copy the file again, or choose both files together.");
    expect(progressText({ step: 'adding', done: 2250, total: 5008 })).toBe('adding 2,250 of 5,008 proposals');
  });
});
