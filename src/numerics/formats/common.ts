// Helpers shared by the integer layout modules: typed views of HostTensors, the float
// linear (over matmul.ts's float64 GEMM) and its input/output reshaping
// (x [..., K] -> [M, K] -> [..., N]).
import type { FloatDType } from '../../ir/format.js';
import { isFloatDType, rounder } from '../affine/arith.js';
import { fromFloat64, numel, toFloat64 } from '../host-codec.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import { matmulNT } from './matmul.js';

/** A tensor's dtype if it is float32/bfloat16/float16; throws naming `what` otherwise. */
export function floatDTypeOf(t: HostTensor, what: string): FloatDType {
  if (!isFloatDType(t.dtype)) {
    throw new Error(`${what}: expected a float32/bfloat16/float16 tensor, got ${t.dtype}`);
  }
  return t.dtype;
}

/** A high-precision tensor's values and dtype; throws naming `what` for a non-float dtype. */
export function floatValues(t: HostTensor, what: string): { values: Float64Array; dtype: FloatDType } {
  const dtype = floatDTypeOf(t, what);
  return { values: toFloat64(t), dtype };
}

/** Inner tensor `name` of a quantized weight, with a clear error when it is missing. */
export function inner(q: QuantizedWeight, name: string): HostTensor {
  const t = q.tensors[name];
  if (!t) throw new Error(`quantized weight has no inner tensor '${name}' (has: ${Object.keys(q.tensors).join(', ')})`);
  return t;
}

/** The original (outer) shape recorded in a quantized weight's attributes. */
export function outerShape(q: QuantizedWeight, fallback: number[]): number[] {
  const s = q.attributes.shape;
  return Array.isArray(s) ? (s as number[]) : fallback;
}

/** x [..., K] as M rows of K (torch's x.view(-1, K)). */
export function rowsOf(x: HostTensor, K: number, what: string): number {
  const k = x.shape[x.shape.length - 1];
  if (k !== K) throw new Error(`${what}: activation has ${k} features, the weight expects ${K}`);
  return numel(x.shape) / K;
}

/** F.linear(x, w_deq, bias) in dtype T: float GEMM rounded to T, then + bias rounded to T. */
export function floatLinear(
  x: HostTensor,
  wValues: Float64Array,
  N: number,
  K: number,
  bias: HostTensor | null,
): HostTensor {
  const { values: xv, dtype: T } = floatValues(x, 'linear input');
  const M = rowsOf(x, K, 'linear');
  const y = matmulNT(xv, wValues, M, N, K);
  addBiasRounded(y, N, bias, T);
  return fromFloat64(y, T, [...x.shape.slice(0, -1), N]);
}

/** y = T(y) then T(y + bias[n]) (torch: mm output in T, then an add in T). */
export function addBiasRounded(y: Float64Array, N: number, bias: HostTensor | null, T: FloatDType): void {
  const R = rounder(T);
  const b = bias ? toFloat64(bias) : null;
  if (b && b.length !== N) throw new Error(`linear: bias has ${b.length} elements, expected ${N}`);
  for (let i = 0; i < y.length; i++) {
    y[i] = R(y[i]);
    if (b) y[i] = R(y[i] + R(b[i % N]));
  }
}
