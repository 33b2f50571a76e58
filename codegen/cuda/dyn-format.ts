// Dynamic int8 activation formats on CUDA (Int8DynamicActivationInt8WeightConfig, spec §3.2):
// which FormatSpecs the kernel of include/qf/dynamic_int8_op.cuh runs, and with which
// compile-time parameters. Pure data; formats.ts dispatches here, emit-dynamic.ts emits.
import type { FormatSpec } from '../../src/ir/format.js';
import type { CudaSupport } from './formats.js';

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
