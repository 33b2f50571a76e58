// 2:4 semi-sparse float8 weights on CUDA (Float8DynamicActivationFloat8WeightConfig with
// packing_format SPARSE_2D_DATA_2D_METADATA, i.e. the old Float8DynamicActivationFloat8SemiSparse-
// WeightConfig; torchao-semantics.md §3.4.6): which FormatSpecs include/qf/sparse_fp8_op.cuh runs
// (cuSPARSELt core). Pure data; formats.ts dispatches here, emit-sparse.ts emits.
import type { FormatSpec } from '../../src/ir/format.js';
import type { CudaSupport } from './formats.js';

/** Float8 2:4 sparse weight x dynamic float8 activation, both e4m3, PerRow. */
export interface CudaSparseFp8Format {
  kind: 'sparse_fp8';
  /** Activation amax clamp; null = none. */
  lowerBound: number | null;
  upperBound: number | null;
  /** Inner tensors the linear call takes after the packed weight (kernel-spec order otherwise). */
  inner: string[];
  /** Inner tensors consumed by `<kernel>__repack` (with qdata) to build the packed weight. */
  repackInner: string[];
  /** 'cusparselt': `<kernel>__packed_bytes(N, K)` sizes the buffer `<kernel>__repack` fills. */
  repack: 'cusparselt';
  tag: string;
}

export function sparseFp8(spec: FormatSpec): CudaSupport {
  const w = spec.weight;
  const a = spec.activation;
  if (w.layout !== 'float8_sparse_2x4' || a === null || a.kind !== 'float8') {
    return { ok: false, reason: 'not a float8 2:4 sparse weight with a float8 activation' };
  }
  if (w.metadata !== '2d') {
    return { ok: false, reason: 'float8 2:4 sparse with 1-D metadata is hipSPARSELt (ROCm) only; CUDA takes SPARSE_2D_DATA_2D_METADATA' };
  }
  if (w.element !== 'float8_e4m3fn' || a.element !== 'float8_e4m3fn') {
    return {
      ok: false,
      reason: `float8 2:4 sparse CUDA kernels take e4m3 activations and weights (cuSPARSELt), got ${a.element} x ${w.element}; pass activation_dtype=torch.float8_e4m3fn (the old SemiSparse config defaulted to e5m2)`,
    };
  }
  if (w.granularity.kind !== 'PerRow' || a.granularity.kind !== 'PerRow') {
    return { ok: false, reason: `float8 2:4 sparse granularity ${a.granularity.kind}/${w.granularity.kind}: CUDA takes PerRow/PerRow` };
  }
  return {
    ok: true,
    format: {
      kind: 'sparse_fp8',
      lowerBound: a.lowerBound,
      upperBound: a.upperBound,
      inner: ['scale'],
      repackInner: ['sparse_metadata'],
      repack: 'cusparselt',
      tag: 'fp8sp_row',
    },
  };
}
