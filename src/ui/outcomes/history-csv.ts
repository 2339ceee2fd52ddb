// The history as CSV for a spreadsheet, written by Papa Parse (loaded only when exporting).
// Quotes, commas and line breaks are quoted; a cell a spreadsheet would run as a formula (it
// starts with = + - @, a tab or a carriage return) gets a leading apostrophe. Papa Parse's own
// escapeFormulae pattern misses a formula followed by a line break (its `.*$` stops at the
// break), so the first character alone decides here.
import Papa from 'papaparse';
import { HISTORY_COLUMNS, type HistoryRow } from '../../db/domain/history-export.ts';

export const FORMULA_START = /^[=+\-@\t\r]/;

export function historyCsv(rows: readonly HistoryRow[]): string {
  // The byte order mark makes Excel read UTF-8 (names, accents, emoji) as UTF-8.
  return `\uFEFF${Papa.unparse({ fields: [...HISTORY_COLUMNS], data: rows.map((r) => HISTORY_COLUMNS.map((c) => r[c])) }, {
    escapeFormulae: FORMULA_START,
    newline: '\r\n',
  })}`;
}
