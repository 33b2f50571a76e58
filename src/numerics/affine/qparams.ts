// choose_qparams_affine (spec §2.4; torchao quant_primitives.py::_choose_qparams_affine).
//
// Invariant: every intermediate is rounded to the input dtype after each op, exactly as
// the PyTorch ops on an input-dtype tensor do; the scale is only cast to `scaleDtype` at
// the end (so a bf16 input yields bf16-rounded scales even when they are stored as fp32).
import type { FloatDType, MappingType } from '../../ir/format.js';
import { type Device, FINFO, clamp, divScalar, rne, rounder } from './arith.js';
import { type Blocks, blockOf } from './blocks.js';

// Local bindings of imported hot functions: under tsx, calls through an import are not
// inlined in hot loops (about 5x slower on 58M-element weights).
const clamp_ = clamp, rne_ = rne, blockOf_ = blockOf;

export interface QParamsOptions {
  mapping: MappingType;
  qmin: number;
  qmax: number;
  /** Minimum scale; default finfo(input dtype).smallest_normal (not machine epsilon). */
  eps?: number;
  /** Default: the input dtype. */
  scaleDtype?: FloatDType;
  /** Default 'cpu'; on CUDA divisions by numbers multiply by their reciprocal (divScalar). */
  device?: Device;
}

export interface QParams {
  /** Values as stored in `scaleDtype`, one per block (row-major over blocks.scaleShape). */
  scale: Float64Array;
  scaleDtype: FloatDType;
  /** Integer-valued zero points (NaN where torchao's would come from a NaN scale). */
  zeroPoint: Float64Array;
}

/** Per-block min and max (NaN propagates like torch.amin/amax). */
export function blockMinMax(x: Float64Array, blocks: Blocks): { mn: Float64Array; mx: Float64Array } {
  const mn = new Float64Array(blocks.count).fill(Infinity);
  const mx = new Float64Array(blocks.count).fill(-Infinity);
  for (let i = 0; i < x.length; i++) {
    const b = blockOf_(blocks, i);
    const v = x[i];
    if (v < mn[b] || Number.isNaN(v)) mn[b] = v;
    if (v > mx[b] || Number.isNaN(v)) mx[b] = v;
  }
  return { mn, mx };
}

/** Scale and zero point of every block of x (x holds values of `dtype`). */
export function chooseQParamsAffine(x: Float64Array, dtype: FloatDType, blocks: Blocks, opts: QParamsOptions): QParams {
  const T = rounder(dtype);
  const { qmin, qmax, mapping } = opts;
  const eps = T(opts.eps ?? FINFO[dtype].smallestNormal);
  const scaleDtype = opts.scaleDtype ?? dtype;
  const S = rounder(scaleDtype);
  const { mn, mx } = blockMinMax(x, blocks);
  const scale = new Float64Array(blocks.count);
  const zeroPoint = new Float64Array(blocks.count);
  const symmetricZero = Math.trunc((qmax + qmin + 1) / 2);
  const device = opts.device ?? 'cpu';
  for (let b = 0; b < blocks.count; b++) {
    const mnNeg = Math.min(mn[b], 0);
    const mxPos = Math.max(mx[b], 0);
    let s: number;
    if (mapping === 'SYMMETRIC') {
      s = T(divScalar(Math.max(-mnNeg, mxPos), (qmax - qmin) / 2, device));
      zeroPoint[b] = symmetricZero;
    } else if (mapping === 'SYMMETRIC_NO_CLIPPING_ERR') {
      const smin = T(divScalar(mnNeg, qmin, device));
      const smax = T(divScalar(mxPos, qmax, device));
      s = smin > smax ? smin : smax;
      zeroPoint[b] = symmetricZero;
    } else {
      s = T(divScalar(T(mxPos - mnNeg), qmax - qmin, device));
      s = s < eps ? eps : s;
      zeroPoint[b] = clamp_(T(qmin - rne_(T(mnNeg / s))), qmin, qmax);
    }
    scale[b] = S(s < eps ? eps : s);
  }
  return { scale, scaleDtype, zeroPoint };
}
