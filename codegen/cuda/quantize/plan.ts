// FormatSpec weight layout + weight shape/dtype -> how the CUDA quantize kernels produce it:
// which entry point, its scalar arguments, and the inner tensors (name, dtype, shape) torchao
// stores, in the order the entry point takes them. Pure; anything the kernels do not cover
// comes back as { ok: false, reason } so the caller can fall back to the oracle and say why.
//
// The kernels cover weights [N, K] quantized in contiguous groups along K (per row, per group)
// or with one scale (per tensor): int4_plain, int8, intx_unpacked_to_int8 (affine algorithm),
// float8. Not yet: tinygemm/HQQ tile packing, MX, NVFP4, 2:4 sparse, 2-D blocks, conv weights.
import type { DType, FloatDType, Granularity, IntElement, MappingType, WeightFormat } from '../../../src/ir/format.js';
import type { QuantizeEntry } from './emit.js';

export interface InnerTensorSpec {
  name: string;
  dtype: DType;
  shape: number[];
}

export interface QuantizeCall {
  entry: QuantizeEntry;
  /** Group length along K (K for per-row and per-tensor). */
  group: number;
  perTensor: boolean;
  mode: number;
  qmin: number;
  qmax: number;
  /** eps = 2^epsLog2 (affine only). */
  epsLog2: number;
  /** torchao's block_size attribute. */
  blockSize: number[];
  /** qdata, scale, then zero_point when the layout stores one. */
  outputs: InnerTensorSpec[];
}

export type QuantizePlan = { ok: true; call: QuantizeCall } | { ok: false; reason: string };

export interface PlanOptions {
  /**
   * How `tensor / python_number` rounds in the qparams (int4_plain's range / 15, the affine
   * scale divisions): as PyTorch on this device (default 'cuda': times fp32(1 / c)). The
   * oracle's quantizeWeight(spec, w, { device }) models the same choice.
   */
  scalarDivision?: 'cpu' | 'cuda';
}

/** The largest group quantize_kernel.cuh holds in registers (kMaxGroup). */
export const MAX_GROUP = 32768;

const MAPPING_CODE: Record<MappingType, number> = { SYMMETRIC: 0, ASYMMETRIC: 1, SYMMETRIC_NO_CLIPPING_ERR: 2 };

const no = (reason: string): QuantizePlan => ({ ok: false, reason });

/** Groups along K of a granularity on [N, K], or null when its blocks are not runs along K. */
function groupOf(g: Granularity, K: number): { group: number; perTensor: boolean } | string {
  switch (g.kind) {
    case 'PerTensor':
      return { group: K, perTensor: true };
    case 'PerRow':
      return g.dim === -1 || g.dim === 1 ? { group: K, perTensor: false } : `PerRow(dim=${g.dim})`;
    case 'PerAxis':
      return g.axis === 0 ? { group: K, perTensor: false } : `PerAxis(axis=${g.axis})`;
    case 'PerToken':
      return { group: K, perTensor: false };
    case 'PerGroup':
      return K % g.groupSize === 0
        ? { group: g.groupSize, perTensor: false }
        : `K = ${K} not divisible by group size ${g.groupSize}`;
    case 'PerBlock': {
      const b = g.blockSize;
      const last = b[b.length - 1];
      if (b.slice(0, -1).every((x) => x === 1) && K % last === 0) return { group: last, perTensor: false };
      return `PerBlock([${b.join(', ')}]) (2-D blocks)`;
    }
  }
}

function intRange(element: IntElement): { qmin: number; qmax: number } {
  const m = /^(u?)int([1-8])$/.exec(element);
  if (!m) return { qmin: 0, qmax: -1 };
  const bits = Number(m[2]);
  return m[1] === 'u' ? { qmin: 0, qmax: 2 ** bits - 1 } : { qmin: -(2 ** (bits - 1)), qmax: 2 ** (bits - 1) - 1 };
}

/** log2 of torch.finfo(dtype).smallest_normal, intx's default eps. */
const SMALLEST_NORMAL_LOG2: Record<FloatDType, number> = { float32: -126, bfloat16: -126, float16: -14 };

export function planCudaQuantize(
  fmt: WeightFormat,
  shape: readonly number[],
  dtype: DType,
  options: PlanOptions = {},
): QuantizePlan {
  if (dtype !== 'float32' && dtype !== 'bfloat16' && dtype !== 'float16')
    return no(`weight dtype ${dtype} (float32, bfloat16 or float16)`);
  if (shape.length !== 2) return no(`a ${shape.length}-d weight (the kernels take [N, K])`);
  const [N, K] = shape;
  const scales = (group: number, perTensor: boolean): number[] => (perTensor ? [1, 1] : [N, Math.ceil(K / group)]);
  const blockSize = (group: number, perTensor: boolean): number[] => (perTensor ? [N, K] : [1, group]);
  const base = { qmin: 0, qmax: 0, epsLog2: 0 };
  const cudaDiv = (options.scalarDivision ?? 'cuda') === 'cuda';
  switch (fmt.layout) {
    case 'int4_plain': {
      const g = fmt.groupSize;
      if (K % 2 !== 0 || g % 2 !== 0 || g > MAX_GROUP)
        return no(`int4_plain with K = ${K}, group ${g} (both must be even, group <= ${MAX_GROUP})`);
      const groups = Math.ceil(K / g);
      const sym = fmt.mapping === 'symmetric';
      const mode = (sym ? 1 : 0) | (cudaDiv ? 2 : 0);
      return {
        ok: true,
        call: {
          entry: { policy: 'int4_plain', dtype },
          group: g,
          perTensor: false,
          mode,
          ...base,
          blockSize: [1, g],
          outputs: [
            { name: 'qdata', dtype: 'int8', shape: [N, K / 2] },
            { name: 'scale', dtype, shape: [groups, N] },
            { name: 'zero_point', dtype, shape: [groups, N] },
          ],
        },
      };
    }
    case 'int8':
    case 'intx_unpacked_to_int8': {
      const gr = groupOf(fmt.granularity, K);
      if (typeof gr === 'string') return no(`${fmt.layout} with granularity ${gr}`);
      if (gr.group > MAX_GROUP) return no(`${fmt.layout} with a group of ${gr.group} elements (at most ${MAX_GROUP})`);
      let range =
        fmt.layout === 'int8'
          ? fmt.reduceRange
            ? { qmin: -64, qmax: 63 }
            : { qmin: -128, qmax: 127 }
          : intRange(fmt.element);
      if (fmt.layout === 'intx_unpacked_to_int8') {
        if (fmt.algorithm !== 'affine') return no(`intx algorithm '${fmt.algorithm}'`);
        if (
          fmt.granularity.kind !== 'PerGroup' &&
          !(fmt.granularity.kind === 'PerAxis' && fmt.granularity.axis === 0)
        ) {
          return no(`intx granularity ${fmt.granularity.kind}`);
        }
        if (range.qmin < -128 || range.qmax > 127) return no(`intx element ${fmt.element} (codes must fit int8)`);
      } else range = { ...range };
      const mapping = fmt.layout === 'int8' ? 'SYMMETRIC' : fmt.mapping;
      const scaleDtype = fmt.layout === 'int8' ? 'float32' : (fmt.scaleDtype ?? dtype);
      const epsLog2 = fmt.layout === 'int8' ? -23 : SMALLEST_NORMAL_LOG2[dtype];
      const shapeS = scales(gr.group, gr.perTensor);
      return {
        ok: true,
        call: {
          entry: { policy: 'affine', dtype },
          group: gr.group,
          perTensor: gr.perTensor,
          mode: MAPPING_CODE[mapping] | (cudaDiv ? 4 : 0),
          ...range,
          epsLog2,
          blockSize: blockSize(gr.group, gr.perTensor),
          outputs: [
            { name: 'qdata', dtype: 'int8', shape: [N, K] },
            { name: 'scale', dtype: scaleDtype, shape: shapeS },
            { name: 'zero_point', dtype: 'int8', shape: shapeS },
          ],
        },
      };
    }
    case 'float8': {
      const gr = groupOf(fmt.granularity, K);
      if (typeof gr === 'string') return no(`float8 with granularity ${gr}`);
      if (gr.group > MAX_GROUP) return no(`float8 with a group of ${gr.group} elements (at most ${MAX_GROUP})`);
      return {
        ok: true,
        call: {
          entry: { policy: 'float8', dtype },
          group: gr.group,
          perTensor: gr.perTensor,
          mode: fmt.element === 'float8_e5m2' ? 1 : 0,
          ...base,
          blockSize: blockSize(gr.group, gr.perTensor),
          outputs: [
            { name: 'qdata', dtype: fmt.element, shape: [N, K] },
            { name: 'scale', dtype: 'float32', shape: scales(gr.group, gr.perTensor) },
          ],
        },
      };
    }
    default:
      return no(`weight layout '${fmt.layout}' has no CUDA quantize kernel yet`);
  }
}
