// A WAL-mode database copied with its `-wal` beside it (the desktop app keeps its file in WAL
// mode, so a copy taken while it runs has its latest commits only in the -wal). SQLite WASM opens
// bytes, not files with a WAL, so the committed frames are applied to the pages here, as SQLite
// would on opening: frames are valid while their salts match the header's and their running
// checksum holds; those up to the last valid commit frame count, the rest were never committed.
import { SqliteFileError } from './sqlite-bytes.ts';

const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;
const WAL_HEADER = 32;
const FRAME_HEADER = 24;

/** SQLite's WAL checksum: running sums over 32-bit words, two at a time, in the byte order the magic number gives. */
function checksum(view: DataView, start: number, length: number, sums: [number, number], bigEndian: boolean): [number, number] {
  let [s0, s1] = sums;
  for (let i = start; i < start + length; i += 8) {
    s0 = (s0 + view.getUint32(i, !bigEndian) + s1) >>> 0;
    s1 = (s1 + view.getUint32(i + 4, !bigEndian) + s0) >>> 0;
  }
  return [s0, s1];
}

const pageSizeOf = (main: Uint8Array) => {
  const n = (main[16] << 8) | main[17];
  return n === 1 ? 65536 : n;
};

export interface WalApplied {
  bytes: Uint8Array;
  /** Committed frames applied (0: the -wal held nothing committed). */
  frames: number;
}

/** The database as SQLite would read it with this -wal beside it. `main` is not changed. */
export function applyWal(main: Uint8Array, wal: Uint8Array, walName = 'the -wal file'): WalApplied {
  if (wal.length === 0) return { bytes: main, frames: 0 }; // checkpointed and truncated: nothing in it
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const magic = wal.length >= WAL_HEADER ? view.getUint32(0) : 0;
  if (magic !== MAGIC_LE && magic !== MAGIC_BE) throw new SqliteFileError('is not an SQLite WAL file (its first bytes are not a WAL header)', walName);
  const bigEndian = magic === MAGIC_BE;
  const pageSize = view.getUint32(8);
  if (pageSize !== pageSizeOf(main)) throw new SqliteFileError(`does not belong to this database (its page size is ${pageSize}, the database's ${pageSizeOf(main)})`, walName);
  const salt = [view.getUint32(16), view.getUint32(20)];
  let sums = checksum(view, 0, 24, [0, 0], bigEndian);
  // A header whose checksum fails is one SQLite ignores: the WAL then holds nothing.
  if (sums[0] !== view.getUint32(24) || sums[1] !== view.getUint32(28)) return { bytes: main, frames: 0 };

  const pending = new Map<number, number>();
  const committed = new Map<number, number>();
  let pages = 0;
  let frames = 0;
  let counted = 0;
  for (let at = WAL_HEADER; at + FRAME_HEADER + pageSize <= wal.length; at += FRAME_HEADER + pageSize) {
    if (view.getUint32(at + 8) !== salt[0] || view.getUint32(at + 12) !== salt[1]) break;
    sums = checksum(view, at, 8, sums, bigEndian);
    sums = checksum(view, at + FRAME_HEADER, pageSize, sums, bigEndian);
    if (sums[0] !== view.getUint32(at + 16) || sums[1] !== view.getUint32(at + 20)) break;
    pending.set(view.getUint32(at), at + FRAME_HEADER);
    counted++;
    const commitSize = view.getUint32(at + 4);
    if (commitSize > 0) {
      for (const [page, offset] of pending) committed.set(page, offset);
      pending.clear();
      pages = commitSize;
      frames = counted;
    }
  }
  if (frames === 0) return { bytes: main, frames: 0 };
  const bytes = new Uint8Array(pages * pageSize);
  bytes.set(main.subarray(0, Math.min(main.length, bytes.length)));
  for (const [page, offset] of committed) if (page <= pages) bytes.set(wal.subarray(offset, offset + pageSize), (page - 1) * pageSize);
  return { bytes, frames };
}
