// Whether bytes are an SQLite database file at all, by its header: the import screen tells a
// database file from a JSON export with it before sending anything, and the file checks start here.
const HEADER = 'SQLite format 3\0';

export function hasSqliteHeader(bytes: Uint8Array): boolean {
  return bytes.length >= 100 && new TextDecoder('latin1').decode(bytes.subarray(0, 16)) === HEADER;
}
