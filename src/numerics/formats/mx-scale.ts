// MX block scales (torchao-semantics.md §3.11; F: torchao/prototype/mx_formats/mx_tensor.py
// ::to_mx, ::_to_mx_rceil): the e8m0 byte of each block from its fp32 amax, in the four
// ScaleCalculationModes, and the fp32 multiplier applied to the block's elements.
//
// Invariants: bytes are computed on the fp32 bit pattern of amax exactly as torchao does
// (no log2 of floats); 255 means NaN (non-finite amax, or an exponent past 2^127).
import type { MXElement, MXScalingMode } from '../../ir/format.js';

export interface MXElementInfo {
  maxPos: number;
  targetMaxPow2: number;
  mbits: number;
}

export const MX_ELEMENTS: Record<MXElement, MXElementInfo> = {
  float8_e4m3fn: { maxPos: 448, targetMaxPow2: 8, mbits: 3 },
  float8_e5m2: { maxPos: 57344, targetMaxPow2: 15, mbits: 2 },
  fp6_e2m3: { maxPos: 7.5, targetMaxPow2: 2, mbits: 3 },
  fp6_e3m2: { maxPos: 28, targetMaxPow2: 4, mbits: 2 },
  fp4_e2m1: { maxPos: 6, targetMaxPow2: 2, mbits: 1 },
};

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function bitsOf(v: number): number {
  f32[0] = v;
  return u32[0];
}

/** The e8m0 scale byte of a block whose max |x| (as fp32) is `amax`. */
export function mxScaleByte(amax: number, element: MXElement, mode: MXScalingMode): number {
  const info = MX_ELEMENTS[element];
  if (mode === 'RCEIL') return rceilByte(amax, info);
  let bits = bitsOf(amax);
  if (mode === 'EVEN') {
    // round amax's mantissa at the element's mbits, keeping sign and exponent only
    bits = ((bits + (1 << (23 - info.mbits - 1))) & 0xff800000) >>> 0;
  }
  const biased = (bits >>> 23) & 0xff;
  if (biased === 0xff) return 255; // inf or NaN (EVEN near fp32 max overflows to inf)
  let e = biased - 127;
  if (mode === 'CEIL' && (bits & 0x7fffff) !== 0) e += 1;
  const unbiased = Math.min(128, Math.max(-127, e - info.targetMaxPow2));
  return unbiased + 127;
}

/** RCEIL: round fp32(amax) · fp32(1/max_pos) up to a power of two. */
function rceilByte(amax: number, info: MXElementInfo): number {
  const descale = Math.fround(Math.fround(amax) * Math.fround(1 / info.maxPos));
  if (!Number.isFinite(descale)) return 255;
  const bits = bitsOf(descale);
  const biased = (bits >>> 23) & 0xff;
  if (biased === 0) return descale > 2 ** -127 ? 1 : 0;
  return Math.min(255, biased + ((bits & 0x7fffff) !== 0 ? 1 : 0));
}

/**
 * The fp32 multiplier of a block's elements: 2^(127 - byte), computed by torchao as the e8m0
 * value of (254 - byte); byte 255 (NaN scale) gives NaN.
 */
export function mxInverseScale(byte: number): number {
  if (byte === 255) return NaN;
  return Math.fround(2 ** (127 - byte));
}
