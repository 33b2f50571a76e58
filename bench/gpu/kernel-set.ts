// The weight-only formats the GPU benchmark and the GPU tests build, as KernelSpecs.
import type { FormatSpec } from '../../src/ir/format.js';
import type { KernelSpec } from '../../src/ir/kernel-spec.js';

const weightOnly = (weight: FormatSpec['weight'], linear: FormatSpec['linear']): FormatSpec => ({
  weight,
  activation: null,
  linear,
});

/** tag (used by bench/gpu/*.py) -> FormatSpec. */
export const BENCH_FORMATS: Record<string, FormatSpec> = {
  int4_plain_g128: weightOnly({ layout: 'int4_plain', groupSize: 128, mapping: 'asymmetric' }, { kind: 'mslk_int4' }),
  int4_plain_g64: weightOnly({ layout: 'int4_plain', groupSize: 64, mapping: 'asymmetric' }, { kind: 'mslk_int4' }),
  int4_plain_g32: weightOnly({ layout: 'int4_plain', groupSize: 32, mapping: 'asymmetric' }, { kind: 'mslk_int4' }),
  int4_tinygemm_g128: weightOnly(
    { layout: 'int4_tile_packed_to_4d', groupSize: 128, qparams: 'tinygemm', ntile: 8 },
    { kind: 'tinygemm_int4' },
  ),
  int4_tinygemm_g64: weightOnly(
    { layout: 'int4_tile_packed_to_4d', groupSize: 64, qparams: 'tinygemm', ntile: 8 },
    { kind: 'tinygemm_int4' },
  ),
  int8_row: weightOnly(
    { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false },
    { kind: 'int8_weight_only_scaled' },
  ),
  fp8_row: weightOnly(
    { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } },
    { kind: 'dequantize_then_matmul' },
  ),
  fp8_tensor: weightOnly(
    { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerTensor' } },
    { kind: 'dequantize_then_matmul' },
  ),
  nvfp4: weightOnly({ layout: 'nvfp4', blockSize: 16, perTensorScale: false }, { kind: 'dequantize_then_matmul' }),
  nvfp4_pts: weightOnly({ layout: 'nvfp4', blockSize: 16, perTensorScale: true }, { kind: 'dequantize_then_matmul' }),
  // MX weights against bf16 activations (the decode half of MXDynamicActivationMXWeightConfig)
  mxfp4: weightOnly({ layout: 'mx', element: 'fp4_e2m1', blockSize: 32, scaling: 'FLOOR' }, { kind: 'dequantize_then_matmul' }),
  mxfp8: weightOnly({ layout: 'mx', element: 'float8_e4m3fn', blockSize: 32, scaling: 'FLOOR' }, { kind: 'dequantize_then_matmul' }),
  fp8dq_row: {
    weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } },
    activation: {
      kind: 'float8',
      element: 'float8_e4m3fn',
      granularity: { kind: 'PerRow', dim: -1 },
      lowerBound: null,
      upperBound: null,
    },
    linear: { kind: 'scaled_mm', useFastAccum: true },
  },
  fp8dq_tensor: {
    weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerTensor' } },
    activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerTensor' }, lowerBound: null, upperBound: null },
    linear: { kind: 'scaled_mm', useFastAccum: true },
  },
};

export function benchSpecs(): Record<string, KernelSpec> {
  const out: Record<string, KernelSpec> = {};
  for (const [tag, format] of Object.entries(BENCH_FORMATS)) {
    out[tag] = { op: 'linear', format, target: 'cuda', shapeClass: { dtype: 'bfloat16' }, tile: { rows: 8, tokens: 16 } };
  }
  return out;
}
