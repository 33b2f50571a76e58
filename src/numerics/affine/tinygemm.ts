// The "tinygemm" float-zero-point affine variant (spec §2.6; torchao quant_primitives.py::
// _choose_qparams_affine_tinygemm, ::_quantize_affine_tinygemm, ::_dequantize_affine_tinygemm).
// Used by int4 tile_packed_to_4d. Groups are contiguous runs of `groupSize` values.
//
// All in the input dtype T (each op rounded to T), raw block min/max (zero not preserved):
//   scale = max((mx - mn) / (qmax - qmin), eps), zero = mn + scale * mid,  mid = (qmax+qmin+1)/2
// (eps: smallest normal of T; 1e-6 for Int4WeightOnlyConfig version 1, spec §3.6.5)
//   q = clamp(RNE((x - (zero - scale * mid)) / scale), qmin, qmax)          (true division)
//   dq = (q - mid) * scale + zero
import type { FloatDType } from '../../ir/format.js';
import { type Device, FINFO, clamp, divScalar, rne, rounder } from './arith.js';

// Local bindings of imported hot functions: under tsx, calls through an import are not
// inlined in hot loops (about 5x slower on 58M-element weights).
const clamp_ = clamp, rne_ = rne, divScalar_ = divScalar;

export interface TinygemmQParams {
  scale: Float64Array;
  zero: Float64Array;
}

function midpoint(qmin: number, qmax: number): number {
  return (qmax + qmin + 1) / 2;
}

export function chooseQParamsTinygemm(
  x: ArrayLike<number>, dtype: FloatDType, groupSize: number, qmin: number, qmax: number, device: Device = 'cpu',
  eps: number = FINFO[dtype].smallestNormal,
): TinygemmQParams {
  const T = rounder(dtype);
  const minScale = T(eps);
  const groups = x.length / groupSize;
  const scale = new Float64Array(groups);
  const zero = new Float64Array(groups);
  const mid = midpoint(qmin, qmax);
  for (let g = 0; g < groups; g++) {
    let mn = Infinity;
    let mx = -Infinity;
    for (let i = g * groupSize; i < (g + 1) * groupSize; i++) {
      if (x[i] < mn) mn = x[i];
      if (x[i] > mx) mx = x[i];
    }
    const s = T(divScalar_(T(mx - mn), qmax - qmin, device));
    scale[g] = s < minScale ? minScale : s;
    zero[g] = T(mn + T(scale[g] * mid));
  }
  return { scale, zero };
}

export function quantizeTinygemm(
  x: ArrayLike<number>, dtype: FloatDType, p: TinygemmQParams, groupSize: number, qmin: number, qmax: number,
): Int32Array {
  const T = rounder(dtype);
  const mid = midpoint(qmin, qmax);
  const q = new Int32Array(x.length);
  for (let g = 0; g < p.scale.length; g++) {
    const s = p.scale[g];
    const minVal = T(p.zero[g] - T(s * mid));
    for (let i = g * groupSize; i < (g + 1) * groupSize; i++) q[i] = clamp_(rne_(T(T(x[i] - minVal) / s)), qmin, qmax);
  }
  return q;
}

export function dequantizeTinygemm(
  q: ArrayLike<number>, dtype: FloatDType, p: TinygemmQParams, groupSize: number, qmin: number, qmax: number,
): Float64Array {
  const T = rounder(dtype);
  const mid = midpoint(qmin, qmax);
  const out = new Float64Array(q.length);
  for (let i = 0; i < q.length; i++) {
    const g = Math.floor(i / groupSize);
    out[i] = T(T(T(q[i] - mid) * p.scale[g]) + p.zero[g]);
  }
  return out;
}
