// HQQ for int4 tile_packed_to_4d (spec §2.8; torchao quant_primitives.py::
// _choose_qparams_and_quantize_affine_hqq with optimize_weights_proximal_legacy and
// _convert_to_affinequantized_format; nbits 4, axis 1, groups along the last dim).
//
// The proximal solver runs in float32 on CPU (what golden `*_stage__hqq__*` pin) and in
// float16 on CUDA; `solverDtype` selects which one is modelled. Every elementwise op rounds
// to the solver dtype; means are sum/n rounded once (torch's reduction order may differ in
// the last bit, which only matters at exact rounding ties).
import { clamp, rne, rounder } from './arith.js';
import { torchSumF32 } from './torch-sum.js';

// Local bindings of imported hot functions: under tsx, calls through an import are not
// inlined in hot loops (about 5x slower on 58M-element weights).
const clamp_ = clamp, rne_ = rne, torchSumF32_ = torchSumF32;

export interface HqqResult {
  /** uint4 values 0..15, one per element. */
  q: Int32Array;
  /** scale = 1/s per group and the tinygemm-domain zero (8 - z) * scale, as fp32 values. */
  scale: Float64Array;
  zero: Float64Array;
}

const QMAX = 15;
const LP_NORM = 0.7;
const ITERS = 20;

/** torch.mean of one group: CPU fp32 in torch's summation order; CUDA fp16 accumulates in fp32. */
function meanOf(terms: Float64Array, solverDtype: 'float32' | 'float16'): number {
  if (solverDtype === 'float32') return Math.fround(torchSumF32_(terms, 0, terms.length) / terms.length);
  let acc = 0;
  for (const t of terms) acc = Math.fround(acc + t);
  return Math.fround(acc / terms.length);
}

export function hqqInt4(w: ArrayLike<number>, groupSize: number, solverDtype: 'float32' | 'float16' = 'float32'): HqqResult {
  const f = Math.fround;
  const S = rounder(solverDtype);
  const n = w.length;
  const groups = n / groupSize;
  const W = Float64Array.from(w, f);
  const Wf = W.map(S);
  const scale = new Float64Array(groups);
  let zero = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    let mn = Infinity;
    let mx = -Infinity;
    for (let i = g * groupSize; i < (g + 1) * groupSize; i++) {
      mn = Math.min(mn, W[i]);
      mx = Math.max(mx, W[i]);
    }
    // max_v / (max - min) is Tensor.__rtruediv__: reciprocal() then * max_v, two roundings
    const s = Math.min(f(f(1 / f(mx - mn)) * QMAX), 2e4);
    scale[g] = S(s);
    zero[g] = S(rne_(f(-mn * s)));
  }
  const terms = new Float64Array(groupSize);
  let beta = 10;
  let best = 1e4;
  const Wq = new Float64Array(n);
  for (let iter = 0; iter < ITERS; iter++) {
    const shrinkScale = S(1 / beta);
    const next = new Float64Array(groups);
    let errSum = 0;
    for (let g = 0; g < groups; g++) {
      const s = scale[g];
      const z = zero[g];
      for (let i = g * groupSize; i < (g + 1) * groupSize; i++) {
        Wq[i] = clamp_(rne_(S(S(Wf[i] * s) + z)), 0, QMAX);
        const Wr = S(S(Wq[i] - z) / s);
        const e = S(Wf[i] - Wr);
        const a = Math.abs(e);
        const shrunk = Math.max(S(a - S(shrinkScale * S(Math.pow(a, LP_NORM - 1)))), 0);
        const We = Math.sign(e) * shrunk;
        terms[i - g * groupSize] = S(Wq[i] - S(S(Wf[i] - We) * s));
        errSum += Math.abs(S(Wf[i] - Wr));
      }
      next[g] = S(meanOf(terms, solverDtype));
    }
    zero = next;
    beta *= 1.01;
    const err = S(errSum / n);
    if (err < best) best = err;
    else break;
  }
  // final quantization in fp32 with the solver's scale and zero
  const q = new Int32Array(n);
  const outScale = new Float64Array(groups);
  const outZero = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    for (let i = g * groupSize; i < (g + 1) * groupSize; i++) q[i] = clamp_(rne_(f(f(W[i] * scale[g]) + zero[g])), 0, QMAX);
    outScale[g] = S(1 / scale[g]);
    outZero[g] = S(f(f(8 - zero[g]) * outScale[g]));
  }
  return { q, scale: outScale, zero: outZero };
}
