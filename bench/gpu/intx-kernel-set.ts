// The formats scripts/gpu/intx-check.sh builds and checks: IntxWeightOnlyConfig weights over
// the bit widths, groupings, mappings and scale dtypes the CUDA intx policies distinguish, plus
// the 8-bit weight-only paths issue 7 asks to confirm (int8 per group, float8 e5m2 per tensor).
// tag (used by bench/gpu/bench_intx.py) -> FormatSpec.
import type { FloatDType, FormatSpec, Granularity, IntElement, MappingType } from '../../src/ir/format.js';
import type { KernelSpec } from '../../src/ir/kernel-spec.js';

const group = (groupSize: number): Granularity => ({ kind: 'PerGroup', groupSize });
const perChannel: Granularity = { kind: 'PerAxis', axis: 0 };

function intx(
  element: IntElement,
  granularity: Granularity,
  mapping: MappingType = 'SYMMETRIC',
  scaleDtype: FloatDType | null = null,
  algorithm: 'affine' | 'hqq_scale_only' = 'affine',
): FormatSpec {
  return {
    weight: { layout: 'intx_unpacked_to_int8', element, granularity, mapping, scaleDtype, algorithm },
    activation: null,
    linear: { kind: 'dequantize_then_matmul' },
  };
}

const weightOnly = (weight: FormatSpec['weight']): FormatSpec => ({
  weight,
  activation: null,
  linear: { kind: 'dequantize_then_matmul' },
});

/** The 8-bit weight-only paths checked beside intx (issue 7: int8 per group, float8 e5m2 per tensor). */
const INTX_FORMATS_EXTRA = {
  int8_g32: weightOnly({ layout: 'int8', granularity: group(32), reduceRange: false }),
  fp8e5m2_tensor: weightOnly({ layout: 'float8', element: 'float8_e5m2', granularity: { kind: 'PerTensor' } }),
};

// One kernel per distinct intx policy (the bit width within nibbles or bytes, the mapping and
// the qparams algorithm do not change the kernel): bench_intx.py quantizes each case with its
// own element type and mapping and runs it on the kernel of its policy.
export const INTX_FORMATS: Record<string, FormatSpec> = {
  intxn_g32: intx('int4', group(32)),
  intxn_g16: intx('int2', group(16), 'ASYMMETRIC'),
  intxn_g128: intx('int4', group(128), 'ASYMMETRIC'),
  intxn_g32_sf32: intx('int4', group(32), 'SYMMETRIC', 'float32'),
  intxn_ch: intx('int3', perChannel, 'ASYMMETRIC'),
  intxb_g64: intx('int5', group(64)),
  intxb_g32: intx('int8', group(32), 'ASYMMETRIC'),
  intxb_g8_sf32: intx('int6', group(8), 'ASYMMETRIC', 'float32'),
  intxb_ch: intx('int8', perChannel),
};

/**
 * The 8-bit weight-only kernels checked beside intx in rounds 2-3 (bench/results/gpu-intx.md).
 * Not in the default build any more: the module must stay under 10 MB for the shared GPU round.
 */
export const INTX_EXTRA_FORMATS: Record<string, FormatSpec> = INTX_FORMATS_EXTRA;

export function intxSpecs(extras = process.env.QF_INTX_EXTRAS === '1'): Record<string, KernelSpec> {
  const out: Record<string, KernelSpec> = {};
  for (const [tag, format] of Object.entries({ ...INTX_FORMATS, ...(extras ? INTX_EXTRA_FORMATS : {}) })) {
    out[tag] = { op: 'linear', format, target: 'cuda', shapeClass: { dtype: 'bfloat16' }, tile: { rows: 8, tokens: 16 } };
  }
  return out;
}

/** A checked case: a weight format and the kernel (tag of INTX_FORMATS) that runs it. */
export interface IntxCase {
  kernel: string;
  format: FormatSpec;
}

const on = (kernel: string, format: FormatSpec): IntxCase => ({ kernel, format });

/**
 * The cases bench_intx.py checks, oracle-quantized (intx-oracle-cases.ts) and on fresh data;
 * it skips those whose kernel the module it is given does not hold (QF_INTX_EXTRAS=1 builds all).
 */
export const INTX_CASES: Record<string, IntxCase> = {
  int1_g32_sym: on('intxn_g32', intx('int1', group(32))),
  int2_g32_asym: on('intxn_g32', intx('int2', group(32), 'ASYMMETRIC')),
  int4_g32_sym: on('intxn_g32', intx('int4', group(32))),
  int4_g32_asym: on('intxn_g32', intx('int4', group(32), 'ASYMMETRIC')),
  int4_g32_noclip: on('intxn_g32', intx('int4', group(32), 'SYMMETRIC_NO_CLIPPING_ERR')),
  int4_g32_hqq: on('intxn_g32', intx('int4', group(32), 'SYMMETRIC', null, 'hqq_scale_only')),
  int2_g16_asym: on('intxn_g16', intx('int2', group(16), 'ASYMMETRIC')),
  int4_g128_asym: on('intxn_g128', intx('int4', group(128), 'ASYMMETRIC')),
  int3_ch_asym: on('intxn_ch', intx('int3', perChannel, 'ASYMMETRIC')),
  int4_ch_sym: on('intxn_ch', intx('int4', perChannel)),
  int4_g32_sf32: on('intxn_g32_sf32', intx('int4', group(32), 'SYMMETRIC', 'float32')),
  int5_g64_sym: on('intxb_g64', intx('int5', group(64))),
  int7_g64_asym: on('intxb_g64', intx('int7', group(64), 'ASYMMETRIC')),
  int8_g32_asym: on('intxb_g32', intx('int8', group(32), 'ASYMMETRIC')),
  int6_g32_sym: on('intxb_g32', intx('int6', group(32))),
  int6_g8_sf32_asym: on('intxb_g8_sf32', intx('int6', group(8), 'ASYMMETRIC', 'float32')),
  int8_ch_sym: on('intxb_ch', intx('int8', perChannel)),
  int8_ch_asym: on('intxb_ch', intx('int8', perChannel, 'ASYMMETRIC')),
  int8_g8_sf32: on('intxb_g8_sf32', intx('int8', group(8), 'SYMMETRIC', 'float32')),
  int8wo_g32: on('int8_g32', INTX_FORMATS_EXTRA.int8_g32),
  fp8e5m2_tensor: on('fp8e5m2_tensor', INTX_FORMATS_EXTRA.fp8e5m2_tensor),
};
