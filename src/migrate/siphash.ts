// SipHash-1-3 (one compression round, three finalisation rounds), the hasher refinery
// uses for migration checksums. BigInt because the result is a full unsigned 64-bit value.

const MASK = (1n << 64n) - 1n;

const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & MASK;

function sipRound(v: bigint[]): void {
  v[0] = (v[0] + v[1]) & MASK; v[1] = rotl(v[1], 13n); v[1] ^= v[0]; v[0] = rotl(v[0], 32n);
  v[2] = (v[2] + v[3]) & MASK; v[3] = rotl(v[3], 16n); v[3] ^= v[2];
  v[0] = (v[0] + v[3]) & MASK; v[3] = rotl(v[3], 21n); v[3] ^= v[0];
  v[2] = (v[2] + v[1]) & MASK; v[1] = rotl(v[1], 17n); v[1] ^= v[2]; v[2] = rotl(v[2], 32n);
}

function readU64LE(bytes: Uint8Array, at: number): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
  return view.getBigUint64(0, true);
}

export function sipHash13(data: Uint8Array, k0 = 0n, k1 = 0n): bigint {
  const v = [
    k0 ^ 0x736f6d6570736575n,
    k1 ^ 0x646f72616e646f6dn,
    k0 ^ 0x6c7967656e657261n,
    k1 ^ 0x7465646279746573n,
  ];
  const whole = data.length - (data.length % 8);
  for (let i = 0; i < whole; i += 8) {
    const m = readU64LE(data, i);
    v[3] ^= m;
    sipRound(v);
    v[0] ^= m;
  }
  let last = BigInt(data.length & 0xff) << 56n;
  for (let i = whole; i < data.length; i++) last |= BigInt(data[i]) << BigInt(8 * (i - whole));
  v[3] ^= last;
  sipRound(v);
  v[0] ^= last;
  v[2] ^= 0xffn;
  sipRound(v); sipRound(v); sipRound(v);
  return v[0] ^ v[1] ^ v[2] ^ v[3];
}
