// Representative FormatSpecs and KernelSpecs used by the CPU codegen tests.
import type { FloatDType, FormatSpec } from '../../../src/ir/format.js';
import type { KernelOp, KernelSpec } from '../../../src/ir/kernel-spec.js';
import { chooseTile, opsFor } from '../../../src/passes/specialize.js';

export const FORMATS: Record<string, FormatSpec> = {
  int8_wo_row: { weight: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false }, activation: null, linear: { kind: 'int8_weight_only_scaled' } },
  int8_wo_tensor: { weight: { layout: 'int8', granularity: { kind: 'PerTensor' }, reduceRange: false }, activation: null, linear: { kind: 'int8_weight_only_scaled' } },
  int8_wo_g32: { weight: { layout: 'int8', granularity: { kind: 'PerGroup', groupSize: 32 }, reduceRange: false }, activation: null, linear: { kind: 'dequantize_then_matmul' } },
  int8_dyn_sym: {
    weight: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false },
    activation: { kind: 'int8', granularity: { kind: 'PerRow', dim: -1 }, mapping: 'SYMMETRIC', reduceRange: false },
    linear: { kind: 'int8_int_mm' },
  },
  int8_dyn_asym_tensor: {
    weight: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false },
    activation: { kind: 'int8', granularity: { kind: 'PerTensor' }, mapping: 'ASYMMETRIC', reduceRange: false },
    linear: { kind: 'int8_int_mm' },
  },
  int4_g128: { weight: { layout: 'int4_plain', groupSize: 128, mapping: 'asymmetric' }, activation: null, linear: { kind: 'mslk_int4' } },
  int4_g32: { weight: { layout: 'int4_plain', groupSize: 32, mapping: 'asymmetric' }, activation: null, linear: { kind: 'mslk_int4' } },
  fp8_wo_row: { weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } }, activation: null, linear: { kind: 'dequantize_then_matmul' } },
  fp8_wo_e5m2_g32: { weight: { layout: 'float8', element: 'float8_e5m2', granularity: { kind: 'PerGroup', groupSize: 32 } }, activation: null, linear: { kind: 'dequantize_then_matmul' } },
  fp8_dyn_row: {
    weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } },
    activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 }, lowerBound: 0.5, upperBound: null },
    linear: { kind: 'scaled_mm', useFastAccum: true },
  },
  intx_int4_g32_asym: {
    weight: { layout: 'intx_unpacked_to_int8', element: 'int4', granularity: { kind: 'PerGroup', groupSize: 32 }, mapping: 'ASYMMETRIC', scaleDtype: null, algorithm: 'affine' },
    activation: null,
    linear: { kind: 'dequantize_then_matmul' },
  },
  intx_int3_axis_noclip_f32scale_dyn: {
    weight: { layout: 'intx_unpacked_to_int8', element: 'int3', granularity: { kind: 'PerAxis', axis: 0 }, mapping: 'SYMMETRIC_NO_CLIPPING_ERR', scaleDtype: 'float32', algorithm: 'affine' },
    activation: { kind: 'int8_asym_per_token_fake_quant' },
    linear: { kind: 'dequantize_then_matmul' },
  },
  mx_fp4_rceil: {
    weight: { layout: 'mx', element: 'fp4_e2m1', blockSize: 32, scaling: 'RCEIL' },
    activation: { kind: 'mx', element: 'fp4_e2m1', blockSize: 32, scaling: 'RCEIL' },
    linear: { kind: 'dequantize_then_matmul' },
  },
  mx_fp8_e4m3_floor: {
    weight: { layout: 'mx', element: 'float8_e4m3fn', blockSize: 32, scaling: 'FLOOR' },
    activation: { kind: 'mx', element: 'float8_e4m3fn', blockSize: 32, scaling: 'FLOOR' },
    linear: { kind: 'dequantize_then_matmul' },
  },
  fp8_dyn_block: {
    weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [128, 128] } },
    activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [1, 128] }, lowerBound: null, upperBound: null },
    linear: { kind: 'blockwise_scaled_mm' },
  },
  nvfp4_dyn: { weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: true }, activation: { kind: 'nvfp4', dynamicPerTensorScale: true }, linear: { kind: 'nvfp4_scaled_mm' } },
  nvfp4_static_act: { weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: true }, activation: { kind: 'nvfp4', dynamicPerTensorScale: false }, linear: { kind: 'nvfp4_scaled_mm' } },
  fp8_sparse_2d: {
    weight: { layout: 'float8_sparse_2x4', element: 'float8_e4m3fn', metadata: '2d', granularity: { kind: 'PerRow', dim: -1 } },
    activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 }, lowerBound: null, upperBound: null },
    linear: { kind: 'sparse_scaled_mm' },
  },
  fp8_sparse_1d: {
    weight: { layout: 'float8_sparse_2x4', element: 'float8_e4m3fn', metadata: '1d', granularity: { kind: 'PerTensor' } },
    activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerTensor' }, lowerBound: null, upperBound: null },
    linear: { kind: 'sparse_scaled_mm' },
  },
  int4_tiled_g128: { weight: { layout: 'int4_tile_packed_to_4d', groupSize: 128, qparams: 'tinygemm', ntile: 8 }, activation: null, linear: { kind: 'tinygemm_int4' } },
  int4_tiled_hqq_g64: { weight: { layout: 'int4_tile_packed_to_4d', groupSize: 64, qparams: 'hqq', ntile: 8 }, activation: null, linear: { kind: 'tinygemm_int4' } },
  int4_f8_plain: { weight: { layout: 'int4_plain', groupSize: 128, mapping: 'symmetric' }, activation: { kind: 'float8_row_mslk' }, linear: { kind: 'mslk_int4' } },
  intx_int4_g32_hqq: {
    weight: { layout: 'intx_unpacked_to_int8', element: 'int4', granularity: { kind: 'PerGroup', groupSize: 32 }, mapping: 'SYMMETRIC', scaleDtype: null, algorithm: 'hqq_scale_only' },
    activation: null,
    linear: { kind: 'dequantize_then_matmul' },
  },
  nvfp4_wo: { weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: true }, activation: null, linear: { kind: 'dequantize_then_matmul' } },
  nvfp4_wo_no_p: { weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: false }, activation: null, linear: { kind: 'dequantize_then_matmul' } },
};

export function spec(op: KernelOp, format: FormatSpec, dtype: FloatDType): KernelSpec {
  return { op, format, target: 'cpu', shapeClass: { dtype }, tile: chooseTile('cpu', op, format) };
}

export function allSpecs(format: FormatSpec, dtype: FloatDType): KernelSpec[] {
  return opsFor(format).map((op) => spec(op, format, dtype));
}
