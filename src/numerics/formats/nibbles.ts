// Two 4-bit codes per byte, in the two orders torchao uses (spec §6.12, golden
// prim__pack_uint4_orders): "even-low" (MX/NVFP4 pack_uint4, mslk pack_int4, XPU, KleidiAI):
// byte j = c[2j] | c[2j+1] << 4; "even-high" (the tinygemm pre-pack): byte j = c[2j] << 4 | c[2j+1].
// Codes are taken modulo 16, so signed int4 values pack as two's-complement nibbles.

export type NibbleOrder = 'even-low' | 'even-high';

/** Packs pairs of codes along the last dim (its length must be even). */
export function packNibbles(codes: ArrayLike<number>, order: NibbleOrder): Uint8Array {
  if (codes.length % 2 !== 0) throw new Error(`packNibbles: ${codes.length} codes cannot pair up`);
  const out = new Uint8Array(codes.length / 2);
  const hiFirst = order === 'even-high';
  for (let j = 0; j < out.length; j++) {
    const a = codes[2 * j] & 0xf;
    const b = codes[2 * j + 1] & 0xf;
    out[j] = hiFirst ? (a << 4) | b : a | (b << 4);
  }
  return out;
}

/** Unsigned codes 0..15 back out of packed bytes. */
export function unpackNibbles(bytes: Uint8Array, order: NibbleOrder): Uint8Array {
  const out = new Uint8Array(bytes.length * 2);
  const hiFirst = order === 'even-high';
  for (let j = 0; j < bytes.length; j++) {
    const lo = bytes[j] & 0xf;
    const hi = bytes[j] >> 4;
    out[2 * j] = hiFirst ? hi : lo;
    out[2 * j + 1] = hiFirst ? lo : hi;
  }
  return out;
}

/** A 4-bit code read as signed two's complement (-8..7). */
export function signedNibble(code: number): number {
  return code & 0x8 ? (code & 0xf) - 16 : code & 0xf;
}
