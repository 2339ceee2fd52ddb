import { describe, expect, it } from 'vitest';
import { splitStatements } from './sql-statements.ts';

const shape = (sql: string) => splitStatements(sql).map((s) => [s.line, s.keyword, s.sql]);

describe('splitStatements', () => {
  it('splits on semicolons and gives each statement its first line', () => {
    expect(shape('CREATE TABLE a (x);\n\n  INSERT INTO a VALUES (1);\nSELECT 1')).toEqual([
      [1, 'CREATE', 'CREATE TABLE a (x);'],
      [3, 'INSERT', 'INSERT INTO a VALUES (1);'],
      [4, 'SELECT', 'SELECT 1'],
    ]);
  });

  it('ignores semicolons in strings, quoted names and comments', () => {
    const sql = `-- a; comment\nINSERT INTO "we;ird" VALUES ('it''s; fine', [x;y], \`z;\`); /* b;\n c */ SELECT 2;`;
    expect(shape(sql)).toEqual([
      [2, 'INSERT', `INSERT INTO "we;ird" VALUES ('it''s; fine', [x;y], \`z;\`);`],
      [3, 'SELECT', 'SELECT 2;'],
    ]);
  });

  it('keeps a trigger body whole until END;', () => {
    const sql = `CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO b VALUES (1);\n  DELETE FROM c;\nEND;\nCOMMIT;`;
    expect(shape(sql).map(([line, kw]) => [line, kw])).toEqual([[1, 'CREATE'], [5, 'COMMIT']]);
    expect(splitStatements(sql)[0].sql.endsWith('END;')).toBe(true);
  });

  it('skips empty statements, a BOM and comment-only text', () => {
    expect(shape('\uFEFF;;\n-- only a comment\n/* and another */')).toEqual([]);
  });

  it('counts lines inside multi-line strings and comments', () => {
    expect(shape(`SELECT 'a\nb';\n/*\n\n*/\nEND;`).map(([line]) => line)).toEqual([1, 6]);
  });
});

describe('splitStatements, triggers with CASE … END', () => {
  it('keeps a trigger whose body holds CASE … END; whole (sqlite3_complete() would cut it there)', () => {
    const sql = `CREATE TRIGGER t AFTER UPDATE ON a BEGIN
  UPDATE a SET x = CASE WHEN new.y > 0 THEN 1 ELSE 0 END;
  INSERT INTO log VALUES (CASE new.z WHEN 1 THEN 'one' END);
END;
INSERT INTO a VALUES (1);`;
    expect(shape(sql).map(([line, kw]) => [line, kw])).toEqual([[1, 'CREATE'], [5, 'INSERT']]);
    expect(splitStatements(sql)[0].sql.endsWith('END);\nEND;')).toBe(true);
  });

  it('handles CASE in the WHEN clause and nested CASE, as the desktop app\'s trigger shapes', () => {
    const sql = `CREATE TRIGGER IF NOT EXISTS t BEFORE INSERT ON a WHEN (CASE WHEN new.x IS NULL THEN 1 END) = 1 BEGIN
  SELECT CASE WHEN (CASE new.y WHEN 1 THEN 1 END) THEN RAISE(ABORT, 'no') END;
END;
CREATE TRIGGER u AFTER DELETE ON a BEGIN DELETE FROM b WHERE id = old.id; END;
SELECT 1;`;
    expect(shape(sql).map(([line, kw]) => [line, kw])).toEqual([[1, 'CREATE'], [4, 'CREATE'], [5, 'SELECT']]);
  });

  it('runs in SQLite as split: the trigger works', async () => {
    const { testDb } = await import('../testing/sqlite.ts');
    const t = testDb();
    const sql = `CREATE TABLE a (x, y);
CREATE TRIGGER t BEFORE INSERT ON a BEGIN SELECT CASE WHEN new.y < 0 THEN RAISE(ABORT, 'negative') END; END;
INSERT INTO a VALUES (1, 1);`;
    for (const st of splitStatements(sql)) t.db.exec(st.sql);
    expect(() => t.db.exec('INSERT INTO a VALUES (2, -1)')).toThrow(/negative/);
    t.close();
  });
});
