// The tolerance for outputs of float GEMMs (golden README "How to compare"): a float GEMM's
// result depends on its summation order, so we allow, per output element,
//   tol = (4 eps(T) + K 2^-24) * (sum_k |x_k| |w_k| + |bias|)
// with eps(T) the machine epsilon of the output dtype T (a few ulps of each rounding step
// after the GEMM) and K 2^-24 the worst-case fp32 accumulation error of a K-long dot product.
import type { FloatDType } from '../../ir/format.js';
import { FINFO } from '../affine/arith.js';
import { toFloat64 } from '../host-codec.js';
import type { HostTensor } from '../host-tensor.js';

export function linearTolerance(x: HostTensor, w: Float64Array, N: number, K: number, bias: HostTensor | null, T: FloatDType): Float64Array {
  const xv = toFloat64(x);
  const b = bias ? toFloat64(bias) : null;
  const M = xv.length / K;
  const factor = 4 * FINFO[T].eps + K * 2 ** -24;
  const tol = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = b ? Math.abs(b[n]) : 0;
      for (let k = 0; k < K; k++) s += Math.abs(xv[m * K + k] * w[n * K + k]);
      tol[m * N + n] = factor * s;
    }
  }
  return tol;
}
