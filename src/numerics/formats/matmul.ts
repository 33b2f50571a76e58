// float64 GEMMs for the reference linears. torchao's float GEMMs accumulate in fp32 in a
// library-defined order; the oracle accumulates in float64 and rounds once, so its outputs
// are within a few output ulps of any of them (goldens compare linear outputs with a tolerance).
import type { FloatDType } from '../../ir/format.js';
import { roundTo } from './float-values.js';

/** out[m, n] = Σ_k a[m, k] · b[n, k] (b is [N, K], as a Linear weight), in float64. */
export function matmulNT(a: ArrayLike<number>, b: ArrayLike<number>, m: number, n: number, k: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let acc = 0;
      for (let t = 0; t < k; t++) acc += a[ai + t] * b[bj + t];
      out[i * n + j] = acc;
    }
  }
  return out;
}

/** Rounds y to T, then adds the bias (a separate op in T): F.linear's matmul-then-bias. */
export function addBiasRounded(y: Float64Array, bias: Float32Array | null, n: number, dtype: FloatDType): Float32Array {
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = roundTo(y[i], dtype);
    out[i] = bias ? roundTo(v + bias[i % n], dtype) : v;
  }
  return out;
}
