// A kernel backend's linear against the oracle's, for golden cases that hold no torchao output
// to compare with: `partial` cases (torchao's GEMM needs a GPU kernel it could not run) and
// `stage` cases (no activation at all: a seeded one is made). The oracle's referenceLinear
// repeats torchao's linear (activation quantization included); the tolerance is the float-GEMM
// one of tolerance.ts, as for torchao's own outputs. The check's name says it is not torchao's.
import type { FloatDType, FormatSpec } from '../../ir/format.js';
import { fromFloat64, toFloat64 } from '../host-codec.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import { dequantizeWeight, referenceLinear } from '../index.js';
import type { GoldenBackend } from './backend.js';
import { type Check, compareWithin } from './compare.js';
import { linearTolerance } from './tolerance.js';

export async function oracleLinearCheck(
  name: string,
  backend: GoldenBackend,
  spec: FormatSpec,
  x: HostTensor,
  q: QuantizedWeight,
  bias: HostTensor | null,
): Promise<Check> {
  const y = await backend.linear(spec, x, q, bias);
  const ref = referenceLinear(spec, x, q, bias);
  const w = toFloat64(dequantizeWeight(spec, q, 'float32'));
  const [N, K] = [ref.shape[ref.shape.length - 1], x.shape[x.shape.length - 1]];
  return compareWithin(name, y, ref, linearTolerance(x, w, N, K, bias, ref.dtype as FloatDType));
}

/** x [M, K] of uniform values in [-2, 2) from a seeded LCG (never all zero), in `dtype`. */
export function seededActivation(M: number, K: number, seed: number, dtype: FloatDType): HostTensor {
  let s = seed >>> 0 || 1;
  const v = new Float64Array(M * K);
  for (let i = 0; i < v.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = (s / 2 ** 31 - 1) * 2;
  }
  return fromFloat64(v, dtype, [M, K]);
}
