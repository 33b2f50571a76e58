// FormatSpec weight layout + weight shape/dtype -> how the CUDA quantize kernels produce it:
// which entry point, its scalar arguments, the [rows, K] view the kernel reads, and the inner
// tensors (name, dtype, shape) torchao stores, in the order the entry point takes them. Pure;
// anything the kernels do not cover comes back as { ok: false, reason } so the caller can fall
// back to the oracle and say why.
//
// The kernels quantize contiguous groups along the last dim (per row, per group, [1, .., g]
// blocks) or with one scale (per tensor): int4_plain and intx_unpacked_to_int8 (affine) on
// [N, K]; int8 and float8 on any rank >= 2 (leading dims fold into rows, as torchao's blocks
// do); nvfp4 and mx (bit-exact on an H200, docs/gpu-runs/quantize-mx-nvfp4.txt). Not yet:
// tinygemm/HQQ tile packing, 2:4 sparse, 2-D blocks, conv weights.
import type {
  DType,
  FloatDType,
  Granularity,
  IntElement,
  MappingType,
  MXElement,
  MXScalingMode,
  WeightFormat,
} from '../../../src/ir/format.js';
import type { QuantizeEntry } from './emit.js';

export interface InnerTensorSpec {
  name: string;
  dtype: DType;
  shape: number[];
}

export interface QuantizeCall {
  entry: QuantizeEntry;
  /** The weight as the kernel reads it: [product of leading dims, K]. */
  view: [number, number];
  /** Group length along K (K for per-row and per-tensor). */
  group: number;
  perTensor: boolean;
  mode: number;
  qmin: number;
  qmax: number;
  /** eps = 2^epsLog2 (affine only). */
  epsLog2: number;
  /** torchao's block_size attribute (full rank). */
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
  /**
   * Also plan the layouts whose kernels have not yet passed a bit-exactness run on a GPU
   * (UNVERIFIED_LAYOUTS); the GPU check sets it, builds do not until the check passes.
   */
  unverified?: boolean;
}

/** Layouts with a kernel that has not yet been checked against the oracle on a GPU. */
// nvfp4 and mx passed theirs on an H200 (143/143, docs/gpu-runs/quantize-mx-nvfp4.txt).
export const UNVERIFIED_LAYOUTS: readonly string[] = [];

/** The largest group quantize_kernel.cuh holds in registers (kMaxGroup). */
export const MAX_GROUP = 32768;

const MAPPING_CODE: Record<MappingType, number> = { SYMMETRIC: 0, ASYMMETRIC: 1, SYMMETRIC_NO_CLIPPING_ERR: 2 };

/** log2 of torch.finfo(dtype).smallest_normal, intx's default eps. */
const SMALLEST_NORMAL_LOG2: Record<FloatDType, number> = { float32: -126, bfloat16: -126, float16: -14 };

const no = (reason: string): QuantizePlan => ({ ok: false, reason });

/** quantize_mx.cuh's element and scaling-mode codes. */
const MX_ELEMENT_CODE: Record<MXElement, number> = {
  float8_e4m3fn: 0,
  float8_e5m2: 1,
  fp6_e2m3: 2,
  fp6_e3m2: 3,
  fp4_e2m1: 4,
};
const MX_SCALING_CODE: Record<MXScalingMode, number> = { FLOOR: 0, RCEIL: 1, CEIL: 2, EVEN: 3 };

interface Grouping {
  group: number;
  perTensor: boolean;
}

/** Groups along the last dim of a granularity on `shape`, or why its blocks are not such runs. */
function groupOf(g: Granularity, shape: readonly number[]): Grouping | string {
  const rank = shape.length;
  const K = shape[rank - 1];
  const norm = (d: number): number => (d < 0 ? d + rank : d);
  switch (g.kind) {
    case 'PerTensor':
      return { group: K, perTensor: true };
    case 'PerRow':
      return norm(g.dim) === rank - 1 ? { group: K, perTensor: false } : `PerRow(dim=${g.dim}) on a ${rank}-d weight`;
    case 'PerAxis':
      // block = shape with the axis set to 1: runs along K only when the other dim is axis 0 of 2
      return rank === 2 && norm(g.axis) === 0
        ? { group: K, perTensor: false }
        : `PerAxis(axis=${g.axis}) on a ${rank}-d weight`;
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
      return `PerBlock([${b.join(', ')}]) (blocks over more than one row)`;
    }
  }
}

function intRange(element: IntElement): { qmin: number; qmax: number } {
  const m = /^(u?)int([1-8])$/.exec(element);
  if (!m) return { qmin: 0, qmax: -1 };
  const bits = Number(m[2]);
  return m[1] === 'u' ? { qmin: 0, qmax: 2 ** bits - 1 } : { qmin: -(2 ** (bits - 1)), qmax: 2 ** (bits - 1) - 1 };
}

/** Shapes of a grouping on `shape`: torchao's block_size and the scale tensor's shape. */
function blocksOf(shape: readonly number[], gr: Grouping): { blockSize: number[]; scaleShape: number[] } {
  const lead = shape.slice(0, -1);
  if (gr.perTensor) return { blockSize: [...shape], scaleShape: shape.map(() => 1) };
  const K = shape[shape.length - 1];
  return { blockSize: [...lead.map(() => 1), gr.group], scaleShape: [...lead, Math.ceil(K / gr.group)] };
}

export function planCudaQuantize(
  fmt: WeightFormat,
  shape: readonly number[],
  dtype: DType,
  options: PlanOptions = {},
): QuantizePlan {
  if (dtype !== 'float32' && dtype !== 'bfloat16' && dtype !== 'float16') {
    return no(`weight dtype ${dtype} (float32, bfloat16 or float16)`);
  }
  const rank = shape.length;
  const only2d =
    fmt.layout === 'int4_plain' ||
    fmt.layout === 'intx_unpacked_to_int8' ||
    fmt.layout === 'nvfp4' ||
    fmt.layout === 'mx';
  if (rank < 2 || (only2d && rank !== 2)) {
    return no(`a ${rank}-d ${fmt.layout} weight (the kernels take [N, K]${only2d ? '' : ' or more dims'})`);
  }
  if (UNVERIFIED_LAYOUTS.includes(fmt.layout) && !options.unverified) {
    return no(
      `the ${fmt.layout} CUDA kernel has not passed its GPU bit-exactness check yet (scripts/gpu/quantize-check.sh)`,
    );
  }
  const K = shape[rank - 1];
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const view: [number, number] = [rows, K];
  const cudaDiv = (options.scalarDivision ?? 'cuda') === 'cuda';
  const none = { qmin: 0, qmax: 0, epsLog2: 0 };
  switch (fmt.layout) {
    case 'int4_plain': {
      const g = fmt.groupSize;
      if (K % 2 !== 0 || g % 2 !== 0 || g > MAX_GROUP) {
        return no(`int4_plain with K = ${K}, group ${g} (both must be even, group <= ${MAX_GROUP})`);
      }
      const groups = Math.ceil(K / g);
      const mode = (fmt.mapping === 'symmetric' ? 1 : 0) | (cudaDiv ? 2 : 0);
      const outputs: InnerTensorSpec[] = [
        { name: 'qdata', dtype: 'int8', shape: [rows, K / 2] },
        { name: 'scale', dtype, shape: [groups, rows] },
        { name: 'zero_point', dtype, shape: [groups, rows] },
      ];
      return {
        ok: true,
        call: {
          entry: { policy: 'int4_plain', dtype },
          view,
          group: g,
          perTensor: false,
          mode,
          ...none,
          blockSize: [1, g],
          outputs,
        },
      };
    }
    case 'int8':
    case 'intx_unpacked_to_int8': {
      const gr = groupOf(fmt.granularity, shape);
      if (typeof gr === 'string') return no(`${fmt.layout} with granularity ${gr}`);
      if (gr.group > MAX_GROUP) return no(`${fmt.layout} with a group of ${gr.group} elements (at most ${MAX_GROUP})`);
      const intx = fmt.layout === 'intx_unpacked_to_int8' ? fmt : null;
      if (intx && intx.algorithm !== 'affine') return no(`intx algorithm '${intx.algorithm}'`);
      if (intx && intx.granularity.kind !== 'PerGroup' && intx.granularity.kind !== 'PerAxis') {
        return no(`intx granularity ${intx.granularity.kind}`);
      }
      const range = intx
        ? intRange(intx.element)
        : fmt.layout === 'int8' && fmt.reduceRange
          ? { qmin: -64, qmax: 63 }
          : { qmin: -128, qmax: 127 };
      if (range.qmin < -128 || range.qmax > 127) return no(`intx element ${intx?.element} (codes must fit int8)`);
      const mapping: MappingType = intx ? intx.mapping : 'SYMMETRIC';
      const scaleDtype = intx ? (intx.scaleDtype ?? dtype) : 'float32';
      const { blockSize, scaleShape } = blocksOf(shape, gr);
      const call: QuantizeCall = {
        entry: { policy: 'affine', dtype },
        view,
        ...gr,
        mode: MAPPING_CODE[mapping] | (cudaDiv ? 4 : 0),
        ...range,
        epsLog2: intx ? SMALLEST_NORMAL_LOG2[dtype] : -23, // Int8Tensor: fp32 machine epsilon
        blockSize,
        outputs: [
          { name: 'qdata', dtype: 'int8', shape: [...shape] },
          { name: 'scale', dtype: scaleDtype, shape: scaleShape },
          { name: 'zero_point', dtype: 'int8', shape: scaleShape },
        ],
      };
      return { ok: true, call };
    }
    case 'float8': {
      const gr = groupOf(fmt.granularity, shape);
      if (typeof gr === 'string') return no(`float8 with granularity ${gr}`);
      if (gr.group > MAX_GROUP) return no(`float8 with a group of ${gr.group} elements (at most ${MAX_GROUP})`);
      const { blockSize, scaleShape } = blocksOf(shape, gr);
      const call: QuantizeCall = {
        entry: { policy: 'float8', dtype },
        view,
        ...gr,
        mode: (fmt.element === 'float8_e5m2' ? 1 : 0) | (cudaDiv ? 2 : 0),
        ...none,
        blockSize,
        outputs: [
          { name: 'qdata', dtype: fmt.element, shape: [...shape] },
          { name: 'scale', dtype: 'float32', shape: scaleShape },
        ],
      };
      return { ok: true, call };
    }
    case 'nvfp4': {
      if (rows % 16 !== 0 || K % 16 !== 0)
        return no(`nvfp4 on [${shape.join(', ')}] (both dims must be multiples of 16)`);
      const outputs: InnerTensorSpec[] = [
        { name: 'qdata', dtype: 'uint8', shape: [rows, K / 2] },
        // torchao's to_blocked layout of the [rows, K/16] e4m3 block scales
        { name: 'scale', dtype: 'float8_e4m3fn', shape: [Math.ceil(rows / 128) * 32, Math.ceil(K / 16 / 4) * 16] },
      ];
      if (fmt.perTensorScale) outputs.push({ name: 'per_tensor_scale', dtype: 'float32', shape: [] });
      const call: QuantizeCall = {
        entry: { policy: 'nvfp4', dtype },
        view,
        group: 16,
        perTensor: fmt.perTensorScale,
        mode: 0,
        ...none,
        blockSize: [1, 16],
        outputs,
      };
      return { ok: true, call };
    }
    case 'mx': {
      const bs = fmt.blockSize;
      if (K % bs !== 0 || bs % 2 !== 0 || bs > MAX_GROUP) return no(`mx with K = ${K}, block size ${bs}`);
      const element = MX_ELEMENT_CODE[fmt.element];
      const fp4 = fmt.element === 'fp4_e2m1';
      const qdtype: DType = fmt.element === 'float8_e4m3fn' || fmt.element === 'float8_e5m2' ? fmt.element : 'uint8';
      const outputs: InnerTensorSpec[] = [
        { name: 'qdata', dtype: qdtype, shape: [rows, fp4 ? K / 2 : K] },
        { name: 'scale', dtype: 'float8_e8m0fnu', shape: [Math.ceil(rows / 128) * 32, Math.ceil(K / bs / 4) * 16] },
      ];
      const mode = element | (MX_SCALING_CODE[fmt.scaling] << 4);
      const call: QuantizeCall = {
        entry: { policy: 'mx', dtype },
        view,
        group: bs,
        perTensor: false,
        mode,
        ...none,
        blockSize: [1, bs],
        outputs,
      };
      return { ok: true, call };
    }
    default:
      return no(`weight layout '${fmt.layout}' has no CUDA quantize kernel yet`);
  }
}
