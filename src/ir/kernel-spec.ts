// KernelSpec: one kernel the compiler must generate, with everything that is a compile-time
// constant of that kernel. Produced by the specialize pass (src/passes/specialize.ts) from the
// Plan IR, consumed by the code generators (codegen/cpu, codegen/cuda) and written into bundle
// manifests. Plain JSON data, like FormatSpec: equal specs share one compiled function.
//
// Kernel ABI (destination passing, tvm-ffi-guide.md §3): every exported function takes
// TensorViews, inputs first, then the caller-allocated outputs, in the order `kernelSignature`
// gives. A weight's inner tensors are passed in torchao's order (`qdata`, `scale`, ...).
import type { DType, FloatDType, FormatSpec, Granularity } from './format.js';

export type KernelOp = 'quantize_weight' | 'dequantize' | 'quantize_activation' | 'linear';

/** Where the kernel runs. A CPU module carries its own run-time ISA dispatch. */
export type KernelTarget = 'cpu' | 'cuda';

/** What of the tensor shapes is fixed for the kernel. N, K and M stay run-time values. */
export interface ShapeClass {
  /** High-precision dtype: of the weight (quantize/dequantize), of x and y (linear, act). */
  dtype: FloatDType;
}

/** Work decomposition; the generator turns it into constants. */
export interface Tile {
  /** Output rows (N) per task handed to a worker thread. */
  rows: number;
  /** Activation rows (M) processed together while one weight tile is hot in cache. */
  tokens: number;
}

export interface KernelSpec {
  op: KernelOp;
  format: FormatSpec;
  target: KernelTarget;
  shapeClass: ShapeClass;
  tile: Tile;
}

const OPS: readonly KernelOp[] = ['quantize_weight', 'dequantize', 'quantize_activation', 'linear'];

/** Canonical JSON: object keys sorted, so equal specs print equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** FNV-1a 32-bit of a string, as 8 hex digits: short, stable, dependency-free. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const DTYPE_TAG: Record<FloatDType, string> = { float32: 'f32', bfloat16: 'bf16', float16: 'f16' };

/**
 * The exported symbol name of a kernel: readable prefix + a hash of the whole spec, so that
 * two specs differing anywhere get different names and equal specs the same name.
 * Example: `linear__int4_plain__bf16__3f2a9c1b`.
 */
export function kernelName(spec: KernelSpec): string {
  if (!OPS.includes(spec.op)) throw new Error(`unknown kernel op '${String(spec.op)}'`);
  return `${spec.op}__${spec.format.weight.layout}__${DTYPE_TAG[spec.shapeClass.dtype]}__${shortHash(canonicalJson(spec))}`;
}

/** Stable identity for de-duplication and sorting. */
export function kernelKey(spec: KernelSpec): string {
  return canonicalJson(spec);
}

/** torchao's inner tensor names of a weight layout, in the order kernels take them. */
export function weightInnerNames(format: FormatSpec): string[] {
  switch (format.weight.layout) {
    case 'int8':
    case 'int4_plain':
    case 'intx_unpacked_to_int8':
      return ['qdata', 'scale', 'zero_point'];
    case 'float8':
    case 'mx':
      return ['qdata', 'scale'];
    case 'nvfp4':
      // without a per-tensor scale the kernels still take the slot: pass an empty tensor; the
      // static-activation flow adds the calibrated act_per_tensor_scale (empty when uncalibrated)
      return format.activation?.kind === 'nvfp4' && !format.activation.dynamicPerTensorScale
        ? ['qdata', 'scale', 'per_tensor_scale', 'act_per_tensor_scale']
        : ['qdata', 'scale', 'per_tensor_scale'];
    case 'int4_tile_packed_to_4d':
      return ['qdata', 'scale_and_zero'];
    case 'int4_preshuffled':
      return ['qdata', 'group_scale', 'group_zero', 'row_scale'];
    case 'float8_sparse_2x4':
      // '1d' (hipSPARSELt): one packed buffer [values | metadata]
      return format.weight.metadata === '1d' ? ['packed', 'scale'] : ['qdata', 'sparse_metadata', 'scale'];
  }
}

/** What quantize_activation writes for a dynamic format (inputs: `x`). */
export function activationInnerNames(format: FormatSpec): string[] {
  switch (format.activation?.kind) {
    case 'int8':
      return ['qdata', 'scale', 'zero_point'];
    case 'int8_asym_per_token_fake_quant':
      return ['qdata', 'scale', 'zero_point', 'dequantized'];
    case 'nvfp4':
      return format.activation.dynamicPerTensorScale ? ['qdata', 'scale', 'per_tensor_scale'] : ['qdata', 'scale'];
    case undefined:
      return [];
    default:
      return ['qdata', 'scale'];
  }
}

/**
 * The argument names of a kernel, inputs then outputs (destination passing):
 * - quantize_weight(weight, ...inner) — inner tensors are outputs;
 * - dequantize(...inner, out);
 * - quantize_activation(x, ...activation inner);
 * - linear(x, ...inner, bias, y) — `bias` is [N] or an empty tensor for none.
 */
export function kernelArgs(spec: KernelSpec): string[] {
  const inner = weightInnerNames(spec.format);
  switch (spec.op) {
    case 'quantize_weight':
      return ['weight', ...inner];
    case 'dequantize':
      return [...inner, 'out'];
    case 'quantize_activation':
      return ['x', ...activationInnerNames(spec.format)];
    case 'linear':
      return ['x', ...inner, 'bias', 'y'];
  }
}

export interface InnerTensorSpec {
  name: string;
  dtype: DType;
  shape: number[];
}

function scaleShape(g: Granularity, N: number, K: number): number[] {
  if (g.kind === 'PerTensor') return [1, 1];
  if (g.kind === 'PerGroup') return [N, K / g.groupSize];
  if (g.kind === 'PerBlock') {
    const [br, bc] = g.blockSize.length === 1 ? [1, g.blockSize[0]] : g.blockSize.slice(-2);
    return [N / br, K / bc];
  }
  return [N, 1];
}

/**
 * Inner tensors of a quantized [N, K] weight of dtype `dtype` for the layouts whose storage
 * the kernels write (what quantize_weight's outputs must be allocated as). Throws for layouts
 * whose storage is kernel-private or not produced by our kernels.
 */
export function weightInnerShapes(format: FormatSpec, dtype: FloatDType, N: number, K: number): InnerTensorSpec[] {
  const w = format.weight;
  switch (w.layout) {
    case 'int8': {
      const s = scaleShape(w.granularity, N, K);
      return [
        { name: 'qdata', dtype: 'int8', shape: [N, K] },
        { name: 'scale', dtype: 'float32', shape: s },
        { name: 'zero_point', dtype: 'int8', shape: s },
      ];
    }
    case 'int4_plain': {
      const groups = Math.ceil(K / w.groupSize);
      return [
        { name: 'qdata', dtype: 'int8', shape: [N, K / 2] },
        { name: 'scale', dtype, shape: [groups, N] },
        { name: 'zero_point', dtype, shape: [groups, N] },
      ];
    }
    case 'float8':
      return [
        { name: 'qdata', dtype: w.element, shape: [N, K] },
        { name: 'scale', dtype: 'float32', shape: scaleShape(w.granularity, N, K) },
      ];
    case 'int4_tile_packed_to_4d': {
      // torchao pads N to ntile and K to 1024; tinygemm's 4-D words and [K/g, N, 2] scale/zero
      const Np = Math.ceil(N / w.ntile) * w.ntile;
      const Kp = Math.ceil(K / 1024) * 1024;
      return [
        { name: 'qdata', dtype: 'int32', shape: [Np / 8, Kp / 128, 32, 4] },
        { name: 'scale_and_zero', dtype: 'bfloat16', shape: [Kp / w.groupSize, Np, 2] },
      ];
    }
    case 'intx_unpacked_to_int8': {
      const groups = w.granularity.kind === 'PerGroup' ? K / w.granularity.groupSize : 1;
      return [
        { name: 'qdata', dtype: 'int8', shape: [N, K] },
        { name: 'scale', dtype: w.scaleDtype ?? dtype, shape: [N, groups] },
        { name: 'zero_point', dtype: 'int8', shape: [N, groups] },
      ];
    }
    case 'mx': {
      const fp4 = w.element === 'fp4_e2m1';
      const codes: DType = w.element === 'float8_e4m3fn' || w.element === 'float8_e5m2' ? w.element : 'uint8';
      return [
        { name: 'qdata', dtype: codes, shape: [N, fp4 ? K / 2 : K] },
        // torchao's to_blocked layout: rows padded to 128, scale columns to 4
        { name: 'scale', dtype: 'float8_e8m0fnu', shape: [Math.ceil(N / 128) * 32, Math.ceil(K / w.blockSize / 4) * 16] },
      ];
    }
    case 'nvfp4': {
      const t: InnerTensorSpec[] = [
        { name: 'qdata', dtype: 'uint8', shape: [N, K / 2] },
        { name: 'scale', dtype: 'float8_e4m3fn', shape: [Math.ceil(N / 128) * 32, Math.ceil(K / 16 / 4) * 16] },
      ];
      return w.perTensorScale ? [...t, { name: 'per_tensor_scale', dtype: 'float32', shape: [] }] : t;
    }
    case 'float8_sparse_2x4': {
      // 2:4 along K: the 2 kept values of each group of 4, 4 bits of metadata per group
      const scale: InnerTensorSpec = { name: 'scale', dtype: 'float32', shape: w.metadata === '1d' ? [1, 1] : scaleShape(w.granularity, N, K) };
      if (w.metadata === '1d') return [{ name: 'packed', dtype: 'uint8', shape: [(N * K) / 2 + (N * K) / 8] }, scale];
      return [
        { name: 'qdata', dtype: w.element, shape: [N, K / 2] },
        { name: 'sparse_metadata', dtype: 'uint8', shape: [N, K / 8] },
        scale,
      ];
    }
    default:
      throw new Error(`weightInnerShapes: layout '${w.layout}' has no kernel-written storage description yet`);
  }
}

/** Outputs of quantize_activation for x [M, K]. */
export function activationInnerShapes(format: FormatSpec, M: number, K: number, dtype: FloatDType = 'bfloat16'): InnerTensorSpec[] {
  const a = format.activation;
  if (a === null) throw new Error('activationInnerShapes: weight-only format has no activation quantization');
  const perTensor = 'granularity' in a && a.granularity.kind === 'PerTensor';
  const rows = perTensor ? 1 : M;
  switch (a.kind) {
    case 'int8':
      return [
        { name: 'qdata', dtype: 'int8', shape: [M, K] },
        { name: 'scale', dtype: 'float32', shape: [rows, 1] },
        { name: 'zero_point', dtype: 'int8', shape: [rows, 1] },
      ];
    case 'float8':
      return [
        { name: 'qdata', dtype: a.element, shape: [M, K] },
        // PerBlock [1, b] (the blockwise config): one scale per 1 x b block of x
        { name: 'scale', dtype: 'float32', shape: a.granularity.kind === 'PerBlock' ? scaleShape(a.granularity, M, K) : [rows, 1] },
      ];
    case 'mx': {
      const codes: DType = a.element === 'float8_e4m3fn' || a.element === 'float8_e5m2' ? a.element : 'uint8';
      return [
        { name: 'qdata', dtype: codes, shape: [M, a.element === 'fp4_e2m1' ? K / 2 : K] },
        { name: 'scale', dtype: 'float8_e8m0fnu', shape: [M, K / a.blockSize] },
      ];
    }
    case 'nvfp4': {
      const t: InnerTensorSpec[] = [
        { name: 'qdata', dtype: 'uint8', shape: [M, K / 2] },
        { name: 'scale', dtype: 'float8_e4m3fn', shape: [Math.ceil(M / 128) * 32, Math.ceil(K / 16 / 4) * 16] },
      ];
      return a.dynamicPerTensorScale ? [...t, { name: 'per_tensor_scale', dtype: 'float32', shape: [] }] : t;
    }
    case 'float8_row_mslk':
      // mslk quantize_fp8_row: e4m3 codes, one fp32 scale per row
      return [
        { name: 'qdata', dtype: 'float8_e4m3fn', shape: [M, K] },
        { name: 'scale', dtype: 'float32', shape: [M, 1] },
      ];
    case 'int8_asym_per_token_fake_quant':
      return [
        { name: 'qdata', dtype: 'int8', shape: [M, K] },
        { name: 'scale', dtype, shape: [M] },
        { name: 'zero_point', dtype: 'int8', shape: [M] },
        { name: 'dequantized', dtype, shape: [M, K] },
      ];
    default:
      throw new Error(`activationInnerShapes: activation '${(a as { kind: string }).kind}' has no kernel-written storage description yet`);
  }
}
