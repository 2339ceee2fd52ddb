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
