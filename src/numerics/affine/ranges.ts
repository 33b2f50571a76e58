// Integer element ranges (torchao quant_primitives.py::_DTYPE_TO_QVALUE_BOUNDS, spec §2.3):
// intB = [-2^(B-1), 2^(B-1) - 1] (int1 = [-1, 0]), uintB = [0, 2^B - 1].
import type { IntElement } from '../../ir/format.js';

export interface IntRange {
  qmin: number;
  qmax: number;
}

/** The [quant_min, quant_max] torchao uses by default for an integer element type. */
export function intRange(element: IntElement): IntRange {
  const match = /^(u?)int([1-8])$/.exec(element);
  if (!match) throw new Error(`intRange: unsupported integer element '${element}' (int1..int8, uint1..uint8)`);
  const bits = Number(match[2]);
  if (match[1] === 'u') return { qmin: 0, qmax: 2 ** bits - 1 };
  return { qmin: -(2 ** (bits - 1)), qmax: 2 ** (bits - 1) - 1 };
}

/** Int8Tensor's reduce_range halves the int8 range to [-64, 63] (spec §3.2). */
export function int8Range(reduceRange: boolean): IntRange {
  return reduceRange ? { qmin: -64, qmax: 63 } : { qmin: -128, qmax: 127 };
}
