// fp6 e2m3, fp6 e3m2 and fp4 e2m1 (MX / NVFP4 element types): torchao's
// `_f32_to_floatx_unpacked` / `_floatx_unpacked_to_f32` (F: torchao/prototype/custom_fp_utils.py).
//
// No inf or NaN codes: the encoder rounds to nearest even and saturates to the max normal
// (inf -> max). The sign is kept, so a negative value that rounds to zero gives the
// negative-zero code (0x8 for fp4, 0x20 for fp6). One code per byte, in the low bits.
// fp4 values: codes 0..7 = 0, 0.5, 1, 1.5, 2, 3, 4, 6 (8..15 negative).
import { makeMiniFloatCodec, type MiniFloatCodec } from './minifloat.js';

export const FP4_E2M1: MiniFloatCodec = makeMiniFloatCodec({
  name: 'fp4_e2m1', ebits: 2, mbits: 1, bias: 1, maxCode: 0x7, overflow: 'saturate', nanCode: null, infCode: null,
});

export const FP6_E2M3: MiniFloatCodec = makeMiniFloatCodec({
  name: 'fp6_e2m3', ebits: 2, mbits: 3, bias: 1, maxCode: 0x1f, overflow: 'saturate', nanCode: null, infCode: null,
});

export const FP6_E3M2: MiniFloatCodec = makeMiniFloatCodec({
  name: 'fp6_e3m2', ebits: 3, mbits: 2, bias: 3, maxCode: 0x1f, overflow: 'saturate', nanCode: null, infCode: null,
});

/**
 * The code `_f32_to_floatx_unpacked` gives a NaN input: NaN fails both range checks, so it
 * takes the normal-number path (re-bias the fp32 exponent, add the rounding constant, shift,
 * keep the low byte) and then gets its sign bit ORed in. For torch's quiet NaN 0x7FC00000
 * this is 0x3 for fp4 (0xB negative); golden prim__e8m0_scale_modes EVEN fp4 (NaN scale).
 */
export function floatxCodeOfNaN(codec: MiniFloatCodec, negative = false): number {
  const { mbits, bias, ebits } = codec.format;
  const bits = 0x7fc00000;
  const shift = 23 - mbits;
  const mantOdd = Math.floor(bits / 2 ** shift) & 1;
  const n = bits + (bias - 127) * 2 ** 23 + (2 ** (shift - 1) - 1) + mantOdd;
  const code = Math.floor(n / 2 ** shift) & 0xff;
  return negative ? code | (1 << (ebits + mbits)) : code;
}
