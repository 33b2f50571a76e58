// torchao quant_primitives.py::_choose_qparams_and_quantize_scale_only_hqq (spec §2.8,
// used by IntxChooseQParamsAlgorithm.HQQ_SCALE_ONLY): a symmetric scale refined by least
// squares, in float32. Groups are contiguous runs of `groupSize` along the last dim.
//
// Per group: s = max(amax / max(|qmin|, |qmax|), eps32); up to 20 times
//   Q = clamp(RNE(W / s), qmin, qmax); s' = sum(W Q) / sum(Q Q) (s' = s when sum(Q Q) = 0);
//   s' = |max(s', eps32)|; stop once max over groups of |s' - s| / s < 1e-5.
// Then Q with the last scale. Every op rounds to fp32 (sums are correctly rounded here;
// torch's vectorised sum order may differ in the last bit).
import { type Device, FINFO, clamp, divScalar, rne, truncToInt } from './arith.js';
import { torchSumF32 } from './torch-sum.js';

// Local bindings of imported hot functions: under tsx, calls through an import are not
// inlined in hot loops (about 5x slower on 58M-element weights).
const clamp_ = clamp, rne_ = rne, truncToInt_ = truncToInt, torchSumF32_ = torchSumF32, divScalar_ = divScalar;

export interface ScaleOnlyResult {
  /** Integer values in [qmin, qmax], one per element. */
  q: Float64Array;
  /** fp32 scales, one per group. */
  scale: Float64Array;
}

const MAX_ITERS = 20;
const REL_TOL = 1e-5;

export function hqqScaleOnly(w: Float64Array, groupSize: number, qmin: number, qmax: number, device: Device = 'cpu'): ScaleOnlyResult {
  const f = Math.fround;
  const eps = FINFO.float32.eps;
  const groups = w.length / groupSize;
  const W = w.map(f);
  let scale = new Float64Array(groups);
  const bound = Math.max(Math.abs(qmin), Math.abs(qmax));
  for (let g = 0; g < groups; g++) {
    let amax = 0;
    for (let i = g * groupSize; i < (g + 1) * groupSize; i++) amax = Math.max(amax, Math.abs(W[i]));
    scale[g] = Math.max(f(divScalar_(amax, bound, device)), eps);
  }
  const q = new Float64Array(w.length);
  for (let iter = 0; iter < MAX_ITERS; iter++) {
    quantizeGroups(W, scale, groupSize, qmin, qmax, q);
    const next = new Float64Array(groups);
    let maxRel = 0;
    const wq = W.map((v, i) => f(v * q[i]));
    for (let g = 0; g < groups; g++) {
      let qq = 0;
      for (let i = g * groupSize; i < (g + 1) * groupSize; i++) qq += q[i] * q[i];
      const s = qq > 0 ? f(torchSumF32_(wq, g * groupSize, groupSize) / f(qq)) : scale[g];
      next[g] = Math.abs(Math.max(s, eps));
      maxRel = Math.max(maxRel, f(Math.abs(f(next[g] - scale[g])) / scale[g]));
    }
    scale = next;
    if (maxRel < REL_TOL) break;
  }
  quantizeGroups(W, scale, groupSize, qmin, qmax, q);
  return { q, scale };
}

function quantizeGroups(W: Float64Array, scale: Float64Array, groupSize: number, qmin: number, qmax: number, q: Float64Array): void {
  for (let i = 0; i < W.length; i++) q[i] = truncToInt_(clamp_(rne_(Math.fround(W[i] / scale[Math.floor(i / groupSize)])), qmin, qmax));
}
