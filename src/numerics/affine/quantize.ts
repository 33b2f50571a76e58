// quantize_affine / dequantize_affine (spec §2.5; torchao quant_primitives.py::
// _quantize_affine_no_dtype_cast, ::_dequantize_affine_no_dtype_check).
//
// quantize: q = clamp(RNE(x * (1/scale)) + zero_point, qmin, qmax). The reciprocal is
// rounded to the scale dtype and the product to promote(x dtype, scale dtype): torchao
// multiplies by the reciprocal, it never divides. NaN products become torch's NaN->int cast.
// dequantize: (q - zero_point) exactly in int32, cast to out dtype, times scale in
// promote(out, scale dtype), rounded to out dtype.
import type { FloatDType } from '../../ir/format.js';
import { clamp, promoteFloat, rne, rounder, truncToInt } from './arith.js';
import { type Blocks, blockOf } from './blocks.js';

// Local bindings of imported hot functions: under tsx, calls through an import are not
// inlined in hot loops (about 5x slower on 58M-element weights).
const rne_ = rne, clamp_ = clamp, truncToInt_ = truncToInt, blockOf_ = blockOf;

export interface AffineParams {
  blocks: Blocks;
  scale: Float64Array;
  scaleDtype: FloatDType;
  zeroPoint: Float64Array | null;
  qmin: number;
  qmax: number;
}

export function quantizeAffine(x: Float64Array, dtype: FloatDType, p: AffineParams): Float64Array {
  const S = rounder(p.scaleDtype);
  const P = rounder(promoteFloat(dtype, p.scaleDtype));
  const recip = p.scale.map((s) => S(1 / s));
  const q = new Float64Array(x.length);
  const { qmin, qmax } = p;
  const zp = p.zeroPoint;
  for (let i = 0; i < x.length; i++) {
    const b = blockOf_(p.blocks, i);
    const v = rne_(P(x[i] * recip[b]));
    const z = zp ? zp[b] : 0;
    q[i] = truncToInt_(clamp_(z === 0 ? v : P(v + z), qmin, qmax));
  }
  return q;
}

export function dequantizeAffine(q: ArrayLike<number>, outDtype: FloatDType, p: AffineParams): Float64Array {
  const O = rounder(outDtype);
  const P = rounder(promoteFloat(outDtype, p.scaleDtype));
  const out = new Float64Array(q.length);
  const zp = p.zeroPoint;
  for (let i = 0; i < q.length; i++) {
    const b = blockOf_(p.blocks, i);
    const d = O(zp ? q[i] - zp[b] : q[i]);
    out[i] = O(P(d * p.scale[b]));
  }
  return out;
}
