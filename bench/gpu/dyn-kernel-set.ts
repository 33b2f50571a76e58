// The dynamic-activation formats scripts/gpu/dyn-check.sh builds and checks (issue 8 item 1):
// Int8DynamicActivationInt8WeightConfig over activation mapping and granularity, and
// Float8DynamicActivationFloat8WeightConfig per row, per tensor and in 1x128 / 128x128 blocks, and
// the fake-quantized-activation configs (Int8DynamicActivationIntxWeightConfig,
// Float8DynamicActivationInt4WeightConfig plain) over weight-only kernels.
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
  // Int8DynamicActivationIntxWeightConfig(int4, PerGroup(32)) = the seed's Int8DynamicActivationInt4WeightConfig
  i8tok_intx4_g32: {
    weight: { layout: 'intx_unpacked_to_int8', element: 'int4', granularity: { kind: 'PerGroup', groupSize: 32 }, mapping: 'SYMMETRIC', scaleDtype: null, algorithm: 'affine' },
    activation: { kind: 'int8_asym_per_token_fake_quant' },
    linear: { kind: 'dequantize_then_matmul' },
  },
  // Float8DynamicActivationInt4WeightConfig(int4_packing_format='plain')
  fp8row_int4_plain: {
    weight: { layout: 'int4_plain', groupSize: 128, mapping: 'symmetric' },
    activation: { kind: 'float8_row_mslk' },
    linear: { kind: 'mslk_int4' },
  },
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
