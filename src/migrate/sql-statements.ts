// Splits a migration's SQL into statements, so each can be run (and blamed) on its own: quotes and
// comments hide semicolons, and a CREATE TRIGGER ends only at the `END;` that closes its body.
// sqlite3_complete() ends a trigger at the first `END;`, which cuts a body holding `CASE … END;`:
// here CASE … END pairs are counted, so only the END of the body's BEGIN closes it.

/** Where a statement sits in its file: compact enough to embed in the bundle with the file. */
export interface StatementSpan {
  /** Offset of the first significant token, and the end (after the terminating `;`, if any). */
  start: number;
  end: number;
  /** 1-based line of the statement's first significant token in the file. */
  line: number;
  /** First keyword, upper-cased: CREATE, INSERT, BEGIN… */
  keyword: string;
}

export interface Statement extends StatementSpan {
  sql: string;
}

// Identifier characters as SQLite's tokenizer sees them: ASCII letters, digits, _ and $, and
// every non-ASCII character. By char code: this runs over every byte of every migration.
const isWord = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 0x80;

/** Statements that would end, nest or break the migrations' single enclosing transaction. */
export const TRANSACTION_CONTROL = new Set([
  'BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE',
  // SQLite refuses these inside a transaction, so a migration holding one could never apply.
  'VACUUM', 'ATTACH', 'DETACH',
]);

/**
 * The PRAGMAs a migration may hold: those that read, check, or write inside the transaction. Any
 * other can end or weaken the one transaction all pending migrations share (journal_mode = OFF
 * keeps changes a later failure should undo; synchronous, locking_mode, writable_schema…), or
 * changes the connection the app goes on using. An allow-list: a PRAGMA added to SQLite later is
 * refused until someone decides it is safe.
 */
export const ALLOWED_PRAGMAS = new Set([
  'application_id', 'user_version', 'defer_foreign_keys', 'foreign_keys', 'foreign_key_check', 'foreign_key_list',
  'index_info', 'index_list', 'index_xinfo', 'integrity_check', 'quick_check', 'table_info', 'table_xinfo', 'table_list', 'optimize',
]);

/** The name of the PRAGMA a statement runs (`main.user_version` → `user_version`), lower-cased. */
export const pragmaName = (statement: string) => /^PRAGMA\s+(?:["`[]?\w+["`\]]?\s*\.\s*)?["`[]?(\w+)/i.exec(statement)?.[1]?.toLowerCase() ?? '';

export function splitStatements(sql: string): Statement[] {
  return statementSpans(sql).map((span) => ({ ...span, sql: sql.slice(span.start, span.end) }));
}

export function statementSpans(sql: string): StatementSpan[] {
  const out: StatementSpan[] = [];
  let line = 1;
  let start = -1; // index of the current statement's first significant token
  let startLine = 0;
  let words: string[] = []; // leading words of the current statement (up to 3)
  let inTrigger = false;
  // In a trigger: open CASE … END pairs, whether the body's BEGIN was seen, and whether the last
  // token was the END that closes that body.
  let cases = 0;
  let inBody = false;
  let bodyClosed = false;

  const countLines = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (sql.charCodeAt(k) === 10) line++;
  };
  const significant = (at: number) => {
    if (start < 0) { start = at; startLine = line; }
  };
  const finish = (end: number) => {
    if (start >= 0) out.push({ start, end, line: startLine, keyword: words[0] ?? '' });
    start = -1; words = []; inTrigger = false; cases = 0; inBody = false; bodyClosed = false;
  };

  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const code = sql.charCodeAt(i);
    if (code !== 0xfeff && isWord(code)) {
      significant(i);
      let j = i + 1;
      while (j < n && isWord(sql.charCodeAt(j))) j++;
      const word = sql.slice(i, j).toUpperCase();
      if (words.length < 3) {
        words.push(word);
        const [a, b, d] = words;
        if (a === 'CREATE' && (b === 'TRIGGER' || ((b === 'TEMP' || b === 'TEMPORARY') && d === 'TRIGGER'))) inTrigger = true;
      }
      i = j;
      bodyClosed = false;
      if (inTrigger) {
        if (word === 'CASE') cases++;
        else if (word === 'END') {
          if (cases > 0) cases--;
          else if (inBody) bodyClosed = true;
        } else if (word === 'BEGIN' && cases === 0) inBody = true;
      }
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      countLines(i, end); i = end;
      continue;
    }
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\uFEFF') { i++; continue; }
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      significant(i);
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      for (;;) {
        const k = sql.indexOf(close, j);
        if (k < 0) { j = n; break; }
        // A doubled quote is an escaped quote; brackets have no escape.
        if (close !== ']' && sql[k + 1] === close) { j = k + 2; continue; }
        j = k + 1; break;
      }
      countLines(i, j); i = j; bodyClosed = false;
      continue;
    }
    if (c === ';') {
      if (start >= 0 && (!inTrigger || bodyClosed)) finish(i + 1);
      else bodyClosed = false;
      i++;
      continue;
    }
    significant(i);
    bodyClosed = false; i++;
  }
  finish(n);
  return out;
}
