// Which FormatSpecs the CUDA backend runs, and how: the weight-format policy of
// include/qf/weight_formats.cuh that a generated kernel instantiates, the torchao inner
// tensors it takes (kernel-spec.ts order), and the build-time repack into the qf tile layout.
// Pure data and pure functions; the emitter (emit.ts) turns a CudaFormat into source text.
import type { FormatSpec, Granularity } from '../../src/ir/format.js';
import { int8PerGroup, intxWeight } from './intx-format.js';
import {
  blockwiseFp8,
  dynamicInt8,
  fakeQuantActivation,
  hasFakeQuantActivation,
  type CudaBlockwiseFp8Format,
  type CudaDynamicInt8Format,
  type CudaFakeQuantFormat,
} from './dyn-format.js';
import { blockDynamic, mxWeightFormat, nvfp4Weight, type CudaBlockFormat } from './block-format.js';
import { sparseFp8, type CudaSparseFp8Format } from './sparse-format.js';

/** How torchao's qdata becomes the qf tile layout [N/8, K/chunkK, 32, 16] uint8. */
export type RepackKind = 'int4_plain' | 'int4_tinygemm' | 'bytes8' | 'fp4_split' | 'fp6_e2m3_split' | 'fp6_e3m2_split' | 'intx_nibbles';

export interface CudaFormat {
  kind: 'weight_only';
  /** C++ type of the weight-format policy, e.g. `qf::Int4Grouped<128>`. */
  policy: string;
  /** K elements per 16-byte lane chunk: 128 (int4) or 64 (8-bit). */
  chunkK: number;
  /** The inner tensors after qdata, in kernel-spec order (bias and y follow). */
  inner: string[];
  /** C++ expression building the policy's Args from the inner tensors and N, K. */
  args: string;
  repack: RepackKind;
  /** Short readable tag for file and symbol names, e.g. `int4_g128`. */
  tag: string;
  /**
   * The policy the exported `__dequantize` runs where torchao's dequantize rounds differently
   * from its GEMM (tinygemm: two bf16 roundings, the GEMM one FMA); absent: `policy`.
   */
  dequantPolicy?: string;
}

/** Float8DynamicActivationFloat8WeightConfig (e4m3 both sides, PerRow or PerTensor). */
export interface CudaDynamicFp8Format {
  kind: 'dynamic_fp8';
  perTensor: boolean;
  /** Activation amax clamp; null = none. */
  lowerBound: number | null;
  upperBound: number | null;
  inner: string[];
  tag: string;
}

export type CudaKernelFormat = CudaFormat | CudaDynamicFp8Format | CudaDynamicInt8Format | CudaBlockwiseFp8Format | CudaFakeQuantFormat | CudaBlockFormat | CudaSparseFp8Format;

export type CudaSupport = { ok: true; format: CudaKernelFormat } | { ok: false; reason: string };

const unsupported = (reason: string): CudaSupport => ({ ok: false, reason });

function int4(groupSize: number, repack: RepackKind, inner: string[]): CudaSupport {
  if (groupSize % 32 !== 0 || groupSize < 32) {
    return unsupported(`int4 group size ${groupSize} is not a multiple of 32`);
  }
  const policy = `qf::Int4Grouped<${groupSize}>`;
  const tinygemm = repack === 'int4_tinygemm';
  const args = tinygemm
    ? `qf::int4_args<${groupSize}>(scale_and_zero, N, K)`
    : `qf::int4_args<${groupSize}>(scale, zero_point, N, K)`;
  const format: CudaFormat = { kind: 'weight_only', policy, chunkK: 128, inner, args, repack, tag: `int4_g${groupSize}` };
  // torchao's _dequantize_affine_tinygemm rounds (u - 8) * scale to bf16 before + zero
  if (tinygemm) format.dequantPolicy = `qf::Int4TinygemmDequant<${groupSize}>`;
  return { ok: true, format };
}

function bytes8(decode: string, tag: string, g: Granularity, inner: string[]): CudaSupport {
  switch (g.kind) {
    case 'PerRow':
    case 'PerTensor': {
      const perTensor = g.kind === 'PerTensor';
      return {
        ok: true,
        format: {
          kind: 'weight_only',
          policy: `qf::Bytes8RowScaled<${decode}, ${perTensor}>`,
          chunkK: 64,
          inner,
          args: `qf::row_scaled_args<${decode}, ${perTensor}>(scale, N)`,
          repack: 'bytes8',
          tag: `${tag}_${perTensor ? 'tensor' : 'row'}`,
        },
      };
    }
    case 'PerGroup':
      if (g.groupSize % 16 !== 0) return unsupported(`8-bit group size ${g.groupSize} is not a multiple of 16`);
      return {
        ok: true,
        format: {
          kind: 'weight_only',
          policy: `qf::Bytes8GroupScaled<${decode}, ${g.groupSize}>`,
          chunkK: 64,
          inner,
          args: `qf::group_scaled_args<${decode}, ${g.groupSize}>(scale, N, K)`,
          repack: 'bytes8',
          tag: `${tag}_g${g.groupSize}`,
        },
      };
    case 'PerBlock': {
      // PerBlock([BN, BK]) (the 128x128 float8 weight of the blockwise dynamic config, whose
      // dequantized weight this kernel checks): scale fp32 [N / BN, K / BK], applied in B
      const [bn, bk] = g.blockSize;
      if (g.blockSize.length !== 2 || !(bn > 0) || !(bk > 0) || bk % 16 !== 0) {
        return unsupported(`8-bit block [${g.blockSize.join(', ')}]: a 2-D block whose K side is a multiple of 16`);
      }
      return {
        ok: true,
        format: {
          kind: 'weight_only',
          policy: `qf::Bytes8BlockScaled<${decode}, ${bn}, ${bk}>`,
          chunkK: 64,
          inner,
          args: `qf::block_scaled_args<${decode}, ${bn}, ${bk}>(scale, N, K)`,
          repack: 'bytes8',
          tag: `${tag}_b${bn}x${bk}`,
        },
      };
    }
    default:
      return unsupported(`granularity ${g.kind} of an 8-bit weight`);
  }
}

function dynamicFp8(spec: FormatSpec): CudaSupport {
  const w = spec.weight;
  const a = spec.activation;
  if (a === null || a.kind !== 'float8' || w.layout !== 'float8') return unsupported('not a float8 x float8 format');
  if (w.element !== 'float8_e4m3fn' || a.element !== 'float8_e4m3fn') {
    return unsupported('float8 dynamic CUDA kernels take e4m3 activations and weights');
  }
  if (a.granularity.kind === 'PerBlock' || w.granularity.kind === 'PerBlock') return blockwiseFp8(spec);
  const g = w.granularity.kind;
  if (g !== a.granularity.kind || (g !== 'PerRow' && g !== 'PerTensor')) {
    return unsupported(`float8 dynamic granularity ${g}/${a.granularity.kind} has no CUDA kernel yet`);
  }
  const perTensor = g === 'PerTensor';
  return {
    ok: true,
    format: {
      kind: 'dynamic_fp8',
      perTensor,
      lowerBound: a.lowerBound,
      upperBound: a.upperBound,
      inner: ['scale'],
      tag: `fp8dq_${perTensor ? 'tensor' : 'row'}`,
    },
  };
}

/** The CUDA linear for a FormatSpec, or why there is none (yet). */
export function cudaLinearFormat(spec: FormatSpec): CudaSupport {
  if (spec.weight.layout === 'float8_sparse_2x4') return sparseFp8(spec);
  if (spec.activation !== null) {
    if (spec.activation.kind === 'int8') return dynamicInt8(spec);
    if (hasFakeQuantActivation(spec)) return fakeQuantActivation(spec, cudaLinearFormat);
    if (spec.activation.kind === 'mx' || spec.activation.kind === 'nvfp4') return blockDynamic(spec);
    return spec.activation.kind === 'float8' ? dynamicFp8(spec) : unsupported(`activation ${spec.activation.kind} has no CUDA kernel yet`);
  }
  const w = spec.weight;
  switch (w.layout) {
    case 'int4_plain':
      return int4(w.groupSize, 'int4_plain', ['scale', 'zero_point']);
    case 'int4_tile_packed_to_4d':
      return int4(w.groupSize, 'int4_tinygemm', ['scale_and_zero']);
    case 'int8':
      if (w.granularity.kind === 'PerGroup') return int8PerGroup(w.granularity.groupSize);
      return bytes8('qf::DecodeInt8', 'int8', w.granularity, ['scale', 'zero_point']);
    case 'float8': {
      const interp = w.element === 'float8_e4m3fn' ? '__NV_E4M3' : '__NV_E5M2';
      const tag = w.element === 'float8_e4m3fn' ? 'fp8e4m3' : 'fp8e5m2';
      return bytes8(`qf::DecodeFp8<${interp}>`, tag, w.granularity, ['scale']);
    }
    case 'intx_unpacked_to_int8':
      return intxWeight(w);
    case 'mx': {
      const f = mxWeightFormat(w.element, w.blockSize);
      return typeof f === 'string' ? unsupported(f) : { ok: true, format: f };
    }
    case 'nvfp4':
      return { ok: true, format: nvfp4Weight(w.perTensorScale) };
    default:
      return unsupported(`weight layout ${w.layout} has no CUDA kernel yet`);
  }
}
