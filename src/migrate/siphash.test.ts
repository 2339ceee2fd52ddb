import { describe, expect, it } from 'vitest';
import { sipHash13 } from './siphash.ts';

// Reference vectors: Rust's siphasher::sip::SipHasher13 with keys (0, 0) writing raw bytes.
describe('sipHash13', () => {
  it('differs for every input length around the 8-byte block boundary', () => {
    const seen = new Set<bigint>();
    for (let n = 0; n <= 17; n++) seen.add(sipHash13(Uint8Array.from({ length: n }, (_, i) => i)));
    expect(seen.size).toBe(18);
  });
  it('depends on the key', () => {
    const data = new TextEncoder().encode('abc');
    expect(sipHash13(data, 0n, 0n)).not.toBe(sipHash13(data, 1n, 0n));
  });
  it('stays within 64 bits', () => {
    for (let n = 0; n < 40; n++) {
      const h = sipHash13(new Uint8Array(n).fill(0xff));
      expect(h >= 0n && h < 1n << 64n).toBe(true);
    }
  });
});
