// Block-scaled formats on CUDA (torchao-semantics.md §3.11, §3.12): the MX and NVFP4 weight
// decode policies (include/qf/block_formats.cuh) and the dynamic configs that also quantize
// the activation (include/qf/block_dynamic_op.cuh). Pure data; formats.ts dispatches here,
// emit-block.ts emits the dynamic kernels.
import type { FormatSpec, MXElement, MXScalingMode } from '../../src/ir/format.js';
import type { CudaFormat, CudaSupport } from './formats.js';

const unsupported = (reason: string): CudaSupport => ({ ok: false, reason });

/**
 * Block-scaled kernels with their own host op (include/qf/block_dynamic_op.cuh), emitted by
 * emit-block.ts: the MX / NVFP4 configs that quantize the activation too (one activation pass
 * writes the dequantized bf16 activation, then the weight-only decode of the same weight policy
 * runs on it), and NVFP4 weight-only (its dequantize export rounds torchao's fp32 product,
 * while the linear moves P to the epilogue). Repack, chunk and weight args are those of the
 * weight policy.
 */
export interface CudaBlockFormat extends Omit<CudaFormat, 'kind'> {
  kind: 'block';
  /** C++ host op, e.g. `qf::MxDynamicOp<qf::Fp4Split<32, false>, 4, 1>`. */
  op: string;
  /** What the op quantizes at run time (also exported as `<name>__quantize_activation`). */
  activation: 'none' | 'mx' | 'nvfp4';
  /** Inner tensors passed to Op::run after the weight args (NVFP4: act_per_tensor_scale). */
  runInner: string[];
  /** Inner tensors that may be absent: the caller passes an empty tensor. */
  optional: string[];
}

// fp4 (MX and NVFP4): Fp4Split over the fp4_split repack (block_fp4_split.cuh: table PRMT
// decode, scale by one bf16 multiply).
const FP4_MX = { policy: 'qf::Fp4Split<32, false>', chunkK: 128, repack: 'fp4_split' as const };
const FP4_NV = { policy: 'qf::Fp4Split<16, true>', chunkK: 128, repack: 'fp4_split' as const };

function nvfp4Policy(perTensorScale: boolean): CudaFormat {
  return {
    kind: 'weight_only',
    ...FP4_NV,
    inner: ['scale', 'per_tensor_scale'],
    args: 'qf::nvfp4_args(scale, per_tensor_scale, N, K)',
    tag: perTensorScale ? 'nvfp4_pts' : 'nvfp4',
  };
}

/** NVFP4WeightOnlyConfig: the fp4 decode with P applied to the accumulator. */
export function nvfp4Weight(perTensorScale: boolean): CudaBlockFormat {
  const f = nvfp4Policy(perTensorScale);
  return {
    ...f,
    kind: 'block',
    op: `qf::BlockWeightOp<${f.policy}>`,
    activation: 'none',
    runInner: [],
    optional: ['per_tensor_scale'],
  };
}

type WeightPolicy = Pick<CudaFormat, 'policy' | 'chunkK' | 'repack'>;
const bytes8Mx = (decode: string): WeightPolicy => ({ policy: `qf::Bytes8Mx<${decode}>`, chunkK: 64, repack: 'bytes8' });

/**
 * MX elements in the order of the kernels' kElem (quant::mx_element), with their weight decode:
 * fp8 by the bytes8 tile, fp6 (one byte per element in torchao's storage) on the bytes8
 * geometry with its bits rearranged (block_fp6_split.cuh), fp4 by the split decode (128 K per
 * chunk). All exact, so weight-only MX keeps the plain weight-only emission.
 */
const MX_ELEMENTS: Record<MXElement, { index: number; tag: string; weight: WeightPolicy }> = {
  float8_e4m3fn: { index: 0, tag: 'mxfp8e4m3', weight: bytes8Mx('qf::DecodeFp8<__NV_E4M3>') },
  float8_e5m2: { index: 1, tag: 'mxfp8e5m2', weight: bytes8Mx('qf::DecodeFp8<__NV_E5M2>') },
  fp6_e2m3: { index: 2, tag: 'mxfp6e2m3', weight: { policy: 'qf::Fp6Split<false>', chunkK: 64, repack: 'fp6_e2m3_split' } },
  fp6_e3m2: { index: 3, tag: 'mxfp6e3m2', weight: { policy: 'qf::Fp6Split<true>', chunkK: 64, repack: 'fp6_e3m2_split' } },
  fp4_e2m1: { index: 4, tag: 'mxfp4', weight: FP4_MX },
};
const MX_MODES: Record<MXScalingMode, number> = { FLOOR: 0, RCEIL: 1, CEIL: 2, EVEN: 3 };

/** The weight-only decode of an MX weight (e8m0 scale per 32 K), or why there is none. */
export function mxWeightFormat(element: MXElement, blockSize: number): CudaFormat | string {
  if (blockSize !== 32) return `MX block size ${blockSize} has no CUDA kernel (32 only)`;
  const e = MX_ELEMENTS[element];
  return { kind: 'weight_only', ...e.weight, inner: ['scale'], args: 'qf::mx_args(scale, N, K)', tag: e.tag };
}

// MXDynamicActivationMXWeightConfig (EMULATED or AUTO: the oracle computes both as the
// EMULATED bf16 GEMM of the dequantized operands) and NVFP4DynamicActivationNVFP4WeightConfig.
export function blockDynamic(spec: FormatSpec): CudaSupport {
  const w = spec.weight;
  const a = spec.activation;
  if (a?.kind === 'mx') {
    if (w.layout !== 'mx') return unsupported(`an MX activation needs an MX weight, not ${w.layout}`);
    if (a.element !== w.element || a.blockSize !== w.blockSize) {
      return unsupported(`MX activation ${a.element}/${a.blockSize} differs from the weight's ${w.element}/${w.blockSize}`);
    }
    const f = mxWeightFormat(w.element, w.blockSize);
    if (typeof f === 'string') return unsupported(f);
    const op = `qf::MxDynamicOp<${f.policy}, ${MX_ELEMENTS[a.element].index}, ${MX_MODES[a.scaling]}>`;
    const tag = `${f.tag}dq_${a.scaling.toLowerCase()}`;
    return { ok: true, format: { ...f, kind: 'block', op, activation: 'mx', runInner: [], optional: [], tag } };
  }
  if (a?.kind === 'nvfp4') {
    if (w.layout !== 'nvfp4') return unsupported(`an NVFP4 activation needs an NVFP4 weight, not ${w.layout}`);
    const f = nvfp4Policy(w.perTensorScale);
    return {
      ok: true,
      format: {
        ...f,
        kind: 'block',
        op: `qf::Nvfp4DynamicOp<${String(a.dynamicPerTensorScale)}>`,
        activation: 'nvfp4',
        inner: [...f.inner, 'act_per_tensor_scale'],
        runInner: ['act_per_tensor_scale'],
        optional: ['per_tensor_scale', 'act_per_tensor_scale'],
        tag: `${f.tag}dq${a.dynamicPerTensorScale ? '' : '_static'}`,
      },
    };
  }
  return unsupported(`activation ${a?.kind ?? 'none'} is not block-scaled`);
}
