import { sipHash13 } from './siphash.ts';

const encoder = new TextEncoder();

/**
 * refinery's checksum: Rust's `Hash` for (name: &str, version: i32, sql: &str) fed to SipHasher13
 * with zero keys. A str hashes as its bytes then 0xFF; an i32 as 4 little-endian bytes.
 * Returned as the decimal text refinery stores.
 */
export function refineryChecksum(version: number, name: string, sql: string): string {
  const nameBytes = encoder.encode(name);
  const sqlBytes = encoder.encode(sql);
  const buf = new Uint8Array(nameBytes.length + 1 + 4 + sqlBytes.length + 1);
  let at = 0;
  buf.set(nameBytes, at); at += nameBytes.length;
  buf[at++] = 0xff;
  new DataView(buf.buffer).setInt32(at, version, true); at += 4;
  buf.set(sqlBytes, at); at += sqlBytes.length;
  buf[at] = 0xff;
  return sipHash13(buf).toString();
}
