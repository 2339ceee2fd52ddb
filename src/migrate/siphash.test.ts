import { describe, expect, it } from 'vitest';
import { sipHash13 } from './siphash.ts';

// Reference vectors from an independent implementation: CPython's hash() of bytes is SipHash-1-3
// (sys.hash_info.algorithm == 'siphash13'), and with PYTHONHASHSEED=0 its keys are (0, 0):
//   PYTHONHASHSEED=0 python3 -c "print(hash(bytes(range(9))) & (2**64 - 1))"
// Lengths either side of the 8-byte block boundary, and values above 2^63 (the whole 64 bits).
const counting = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);
const VECTORS: [string, Uint8Array, bigint][] = [
  ['1 byte', counting(1), 7541581120933061747n],
  ['7 bytes', counting(7), 3389392686435873370n],
  ['8 bytes', counting(8), 16921169381604339434n],
  ['9 bytes', counting(9), 8471974163824919394n],
  ['15 bytes', counting(15), 17514137373579004394n],
  ['16 bytes', counting(16), 9904005486622393783n],
  ['17 bytes', counting(17), 5225236159122152477n],
  ['64 bytes of 0xff', new Uint8Array(64).fill(0xff), 13009880668541130029n],
];

describe('sipHash13 with keys (0, 0)', () => {
  it.each(VECTORS)('matches the reference for %s', (_, data, expected) => {
    expect(sipHash13(data)).toBe(expected);
  });

  it('depends on the key', () => {
    const data = new TextEncoder().encode('abc');
    expect(sipHash13(data, 0n, 0n)).not.toBe(sipHash13(data, 1n, 0n));
  });
});
