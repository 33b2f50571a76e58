// Elementwise arithmetic "in a dtype", as PyTorch's CPU kernels do it: every op on
// bf16/fp16 tensors is computed in fp32 and rounded to the tensor dtype, fp32 ops round once.
// A JS double holds the exact result of one op on two fp32 values closely enough that
// rounding it to fp32 gives the correctly rounded fp32 result (+, -, *, / on 24-bit inputs).
import type { DType, FloatDType } from '../../ir/format.js';
import { roundBFloat16, roundFloat16 } from '../elements/float16.js';

// Local bindings of imported hot functions: under tsx, calls through an import are not
// inlined in hot loops (about 5x slower on 58M-element weights).
const roundBFloat16_ = roundBFloat16, roundFloat16_ = roundFloat16;

export type Rounder = (v: number) => number;

const identity: Rounder = (v) => v;
const toBf16: Rounder = (v) => roundBFloat16_(v);
const toF16: Rounder = (v) => roundFloat16_(Math.fround(v));

/** Rounds an exact op result to `dtype` the way a PyTorch op producing that dtype does. */
export function rounder(dtype: FloatDType | 'float64'): Rounder {
  switch (dtype) {
    case 'float64': return identity;
    case 'float32': return Math.fround;
    case 'bfloat16': return toBf16;
    case 'float16': return toF16;
  }
}

/** torch.promote_types for two float dtypes (bf16 with fp16 gives fp32). */
export function promoteFloat(a: FloatDType, b: FloatDType): FloatDType {
  if (a === b) return a;
  return 'float32';
}

export function isFloatDType(d: DType): d is FloatDType {
  return d === 'float32' || d === 'bfloat16' || d === 'float16';
}

/** The value a float tensor holds when this number is stored in it (torch scalar cast). */
export function asFloat(dtype: FloatDType, v: number): number {
  return rounder(dtype)(v);
}

/** torch.round: round half to even, any sign (keeps -0); NaN and infinities pass through. */
export function rne(v: number): number {
  // Math.round rounds halves up; step back where that made an odd integer from a tie
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** torch.clamp: NaN stays NaN (Math.max/min propagate it). */
export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

/**
 * Float -> integer tensor cast: truncation toward zero (callers clamp first); NaN gives
 * -2^31, the x86 cvttss2si result a NaN float -> int32 cast has on CPU. `+ 0`: no -0.
 */
export function truncToInt(v: number): number {
  return v === v ? Math.trunc(v) + 0 : -2147483648;
}

/** Where a PyTorch op runs, when that changes its result. */
export type Device = 'cpu' | 'cuda';

/**
 * `tensor / python_number`, unrounded (callers round to the tensor dtype): CPU divides;
 * CUDA multiplies by the fp32 reciprocal of the number (div_true_kernel_cuda's scalar fast
 * path), which can land one ulp away, e.g. mslk's range / 15 (golden gpu__int4 plain).
 */
export function divScalar(v: number, c: number, device: Device): number {
  return device === 'cuda' ? v * Math.fround(1 / c) : v / c;
}

/** torch.finfo(dtype).smallest_normal and .eps. */
export const FINFO = {
  float32: { smallestNormal: 2 ** -126, eps: 2 ** -23 },
  bfloat16: { smallestNormal: 2 ** -126, eps: 2 ** -7 },
  float16: { smallestNormal: 2 ** -14, eps: 2 ** -10 },
} as const;
