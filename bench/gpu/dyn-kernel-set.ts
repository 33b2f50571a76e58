// The dynamic-activation formats scripts/gpu/dyn-check.sh builds and checks (issue 8 item 1):
// Int8DynamicActivationInt8WeightConfig over activation mapping and granularity, and
// Float8DynamicActivationFloat8WeightConfig per row, per tensor and in 1x128 / 128x128 blocks.
// tag (used by bench/gpu/bench_dyn.py) -> FormatSpec.
import type { FormatSpec, Granularity } from '../../src/ir/format.js';
import type { KernelSpec } from '../../src/ir/kernel-spec.js';
import { BENCH_FORMATS } from './kernel-set.js';

const PER_ROW: Granularity = { kind: 'PerRow', dim: -1 };
const PER_TENSOR: Granularity = { kind: 'PerTensor' };

function int8dq(act: Granularity, weight: Granularity, mapping: 'SYMMETRIC' | 'ASYMMETRIC'): FormatSpec {
  return {
    weight: { layout: 'int8', granularity: weight, reduceRange: false },
    activation: { kind: 'int8', granularity: act, mapping, reduceRange: false },
    linear: { kind: 'int8_int_mm' },
  };
}

export const DYN_FORMATS: Record<string, FormatSpec> = {
  int8dq_row_sym: int8dq(PER_ROW, PER_ROW, 'SYMMETRIC'),
  int8dq_row_asym: int8dq(PER_ROW, PER_ROW, 'ASYMMETRIC'),
  int8dq_tensor_sym: int8dq(PER_TENSOR, PER_TENSOR, 'SYMMETRIC'),
  fp8dq_row: BENCH_FORMATS.fp8dq_row!,
  fp8dq_tensor: BENCH_FORMATS.fp8dq_tensor!,
  fp8_row: BENCH_FORMATS.fp8_row!,
  fp8dq_block: {
    weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [128, 128] } },
    activation: {
      kind: 'float8',
      element: 'float8_e4m3fn',
      granularity: { kind: 'PerBlock', blockSize: [1, 128] },
      lowerBound: null,
      upperBound: null,
    },
    linear: { kind: 'blockwise_scaled_mm' },
  },
};

export function dynSpecs(): Record<string, KernelSpec> {
  const out: Record<string, KernelSpec> = {};
  for (const [tag, format] of Object.entries(DYN_FORMATS)) {
    out[tag] = { op: 'linear', format, target: 'cuda', shapeClass: { dtype: 'bfloat16' }, tile: { rows: 8, tokens: 16 } };
  }
  return out;
}
