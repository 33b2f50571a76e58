// The formats scripts/gpu/sparse-check.sh builds (issue 8 item 3): the 2:4 sparse float8 weight
// (Float8DynamicActivationFloat8WeightConfig, packing_format SPARSE_2D_DATA_2D_METADATA, PerRow,
// e4m3 activation) and the dense float8 dynamic path it is measured against.
// tag (used by bench/gpu/bench_sparse.py) -> FormatSpec.
import type { FormatSpec, Granularity } from '../../src/ir/format.js';
import type { KernelSpec } from '../../src/ir/kernel-spec.js';
import { BENCH_FORMATS } from './kernel-set.js';

const PER_ROW: Granularity = { kind: 'PerRow', dim: -1 };

export const SPARSE_FORMATS: Record<string, FormatSpec> = {
  fp8sp_row: {
    weight: { layout: 'float8_sparse_2x4', element: 'float8_e4m3fn', metadata: '2d', granularity: PER_ROW },
    activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: PER_ROW, lowerBound: null, upperBound: null },
    linear: { kind: 'sparse_scaled_mm' },
  },
  fp8dq_row: BENCH_FORMATS.fp8dq_row!,
};

export function sparseSpecs(): Record<string, KernelSpec> {
  const out: Record<string, KernelSpec> = {};
  for (const [tag, format] of Object.entries(SPARSE_FORMATS)) {
    out[tag] = { op: 'linear', format, target: 'cuda', shapeClass: { dtype: 'bfloat16' }, tile: { rows: 8, tokens: 16 } };
  }
  return out;
}
