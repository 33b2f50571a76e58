// Dynamic-activation formats on CUDA beyond float8 per-row/per-tensor: which FormatSpecs the
// kernels of include/qf/dynamic_int8_op.cuh (Int8DynamicActivationInt8WeightConfig, §3.2) and
// include/qf/blockwise_fp8_op.cuh (float8 1x128 / 128x128 blocks, §3.4) run, and with which
// compile-time parameters. Pure data; formats.ts dispatches here, emit-dynamic.ts emits.
import type { FormatSpec, Granularity } from '../../src/ir/format.js';
import type { CudaFormat, CudaSupport } from './formats.js';

/** Int8DynamicActivationInt8WeightConfig: int8 x int8 -> int32, §3.2 epilogue. */
export interface CudaDynamicInt8Format {
  kind: 'dynamic_int8';
  /** Activation mapping ASYMMETRIC (zero point per token, weight row-sum correction). */
  asym: boolean;
  /** reduce_range: activation range [-64, 63] (the weight's was halved at quantization). */
  reduceRange: boolean;
  /** Activation PerTensor (one scale for all tokens) instead of PerRow (one per token). */
  actPerTensor: boolean;
  inner: string[];
  tag: string;
}

export function dynamicInt8(spec: FormatSpec): CudaSupport {
  const w = spec.weight;
  const a = spec.activation;
  if (a === null || a.kind !== 'int8' || w.layout !== 'int8') return { ok: false, reason: 'not an int8 x int8 format' };
  const wg = w.granularity.kind;
  const ag = a.granularity.kind;
  if ((wg !== 'PerRow' && wg !== 'PerTensor') || (ag !== 'PerRow' && ag !== 'PerTensor')) {
    return { ok: false, reason: `int8 dynamic granularity ${ag}/${wg} has no CUDA kernel (PerRow or PerTensor)` };
  }
  if (a.reduceRange !== w.reduceRange) {
    return { ok: false, reason: 'int8 dynamic kernels take reduce_range on both activation and weight or on neither' };
  }
  const asym = a.mapping === 'ASYMMETRIC';
  const actPerTensor = ag === 'PerTensor';
  const tag = `int8dq_${actPerTensor ? 'tensor' : 'row'}_${asym ? 'asym' : 'sym'}${a.reduceRange ? '_rr' : ''}`;
  return {
    ok: true,
    format: { kind: 'dynamic_int8', asym, reduceRange: a.reduceRange, actPerTensor, inner: ['scale', 'zero_point'], tag },
  };
}

/** Float8DynamicActivationFloat8WeightConfig with [PerBlock([1, 128]), PerBlock([128, 128])]. */
export interface CudaBlockwiseFp8Format {
  kind: 'blockwise_fp8';
  /** Activation amax clamp; null = none. */
  lowerBound: number | null;
  upperBound: number | null;
  inner: string[];
  tag: string;
}

const blockIs = (g: Granularity, rows: number, cols: number): boolean =>
  g.kind === 'PerBlock' && g.blockSize.length === 2 && g.blockSize[0] === rows && g.blockSize[1] === cols;

/** The blockwise float8 kernel (e4m3, 1x128 activation and 128x128 weight blocks), or why not. */
export function blockwiseFp8(spec: FormatSpec): CudaSupport {
  const w = spec.weight;
  const a = spec.activation;
  if (a === null || a.kind !== 'float8' || w.layout !== 'float8') return { ok: false, reason: 'not a float8 x float8 format' };
  if (!blockIs(a.granularity, 1, 128) || !blockIs(w.granularity, 128, 128)) {
    return { ok: false, reason: 'blockwise float8 CUDA kernels take PerBlock([1, 128]) activations and PerBlock([128, 128]) weights' };
  }
  return {
    ok: true,
    format: { kind: 'blockwise_fp8', lowerBound: a.lowerBound, upperBound: a.upperBound, inner: ['scale'], tag: 'fp8dq_block' },
  };
}

/**
 * A weight-only kernel (`base`) run on a fake-quantized activation: one light pass over x
 * (include/qf/act_fake_quant.cuh), then the format's decode / prefill paths unchanged.
 * int8_asym_per_token: Int8DynamicActivationIntxWeightConfig (§3.10, its Int4 alias);
 * float8_row_mslk: Float8DynamicActivationInt4WeightConfig plain (§3.7), whose x_scale * (xq . w)
 * becomes (x_scale * xq) . w with the product rounded to bf16.
 */
export interface CudaFakeQuantFormat extends Omit<CudaFormat, 'kind'> {
  kind: 'fake_quant_weight_only';
  act: 'int8_asym_per_token' | 'float8_row_mslk';
}

/** Whether the activation is fake-quantized before a weight-only linear (not a type guard). */
export function hasFakeQuantActivation(spec: FormatSpec): boolean {
  const k = spec.activation?.kind;
  return k === 'int8_asym_per_token_fake_quant' || k === 'float8_row_mslk';
}

export function fakeQuantActivation(spec: FormatSpec, weightOnly: (spec: FormatSpec) => CudaSupport): CudaSupport {
  const a = spec.activation;
  if (a?.kind !== 'int8_asym_per_token_fake_quant' && a?.kind !== 'float8_row_mslk') {
    return { ok: false, reason: 'not a fake-quantized activation format' };
  }
  const base = weightOnly({ weight: spec.weight, activation: null, linear: { kind: 'dequantize_then_matmul' } });
  if (!base.ok) return base;
  if (base.format.kind !== 'weight_only') return { ok: false, reason: `weight layout ${spec.weight.layout} has no weight-only CUDA kernel` };
  const act = a.kind === 'float8_row_mslk' ? 'float8_row_mslk' : 'int8_asym_per_token';
  const prefix = act === 'float8_row_mslk' ? 'fp8row' : 'i8tok';
  return { ok: true, format: { ...base.format, kind: 'fake_quant_weight_only', act, tag: `${prefix}_${base.format.tag}` } };
}
