// float8_e8m0fnu: an unsigned power of two, 2^(byte - 127); byte 255 is NaN. Used for MX
// block scales (torchao-semantics.md §3.11). Byte 0 is 2^-127, a float32 subnormal.
import { registerElementCodec } from '../host-codec.js';

const TABLE = new Float32Array(256);
for (let b = 0; b < 255; b++) TABLE[b] = 2 ** (b - 127);
TABLE[255] = NaN;

export const E8M0_NAN = 255;

export function decodeE8M0(byte: number): number {
  return TABLE[byte];
}

/** Value of every byte (index = byte). Shared, do not modify. */
export const E8M0_TABLE: Float32Array = TABLE;

/** Byte of an exact power of two 2^e (e in [-127, 127]); anything else is a caller error. */
export function encodeE8M0Exponent(e: number): number {
  if (!Number.isInteger(e) || e < -127 || e > 127) {
    throw new Error(`e8m0: exponent ${e} is not an integer in [-127, 127]`);
  }
  return e + 127;
}

/**
 * Nearest e8m0 byte of a value (for host-codec's generic encode): the exponent of a power of
 * two; anything else (not a positive power of two in range) is NaN (255), since no torchao
 * path casts a non-power-of-two to e8m0 here.
 */
function encodeE8M0Value(v: number): number {
  if (!(v > 0)) return E8M0_NAN;
  const e = Math.log2(v);
  return Number.isInteger(e) && e >= -127 && e <= 127 ? e + 127 : E8M0_NAN;
}

registerElementCodec('float8_e8m0fnu', { decode: decodeE8M0, encode: encodeE8M0Value });
