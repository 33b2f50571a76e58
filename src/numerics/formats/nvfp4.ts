// NVFP4Tensor (torchao-semantics.md §3.12; F: torchao/prototype/mx_formats/nvfp4_tensor.py):
// fp4 e2m1 elements in blocks of 16 along K with e4m3 block scales, optionally relative to a
// per-tensor fp32 scale P = amax/2688; weight-only linear (dequantize, F.linear) and the
// dynamic linear (scaled GEMM, then · T(P_a·P_w), then bias).
//
// Inner tensors: `qdata` uint8 [M, K/2] (even element low nibble), `scale` float8_e4m3fn
// swizzled (to_blocked of [M, K/16]), `per_tensor_scale` fp32 0-d when used, and
// `act_per_tensor_scale` fp32 0-d for the static-activation flow.
import type { ActivationFormat, FloatDType, FormatSpec } from '../../ir/format.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import type { LayoutFormat, LayoutOps } from '../index.js';
import { numel } from '../host-codec.js';
import { FLOAT8_E4M3FN } from '../elements/float8.js';
import { FP4_E2M1 } from '../elements/floatx.js';
import { packNibbles, unpackNibbles } from './nibbles.js';
import { blockedShape, fromBlocked, toBlocked } from './swizzle.js';
import { readFloats, roundTo, writeFloats } from './float-values.js';
import { matmulNT } from './matmul.js';

type NVFP4Format = LayoutFormat<'nvfp4'>;
type NVFP4Act = Extract<ActivationFormat, { kind: 'nvfp4' }>;

const BLOCK = 16;
const E4M3_TINY = 2 ** -6; // finfo(e4m3).tiny: block scales never go below it
/** per_tensor_amax_to_scale: fp32(amax) / (448 · 6). */
export function nvfp4PerTensorScale(amax: number): number {
  return Math.fround(Math.fround(amax) / 2688);
}

function tensorAmax(x: Float32Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > m || a !== a) m = a;
  }
  return m;
}

/** nvfp4_quantize: fp4 codes (unpacked) and e4m3 block-scale bytes, row-major [rows, K/16]. */
export function nvfp4Quantize(x: Float32Array, k: number, perTensorScale: number | null): { codes: Uint8Array; scales: Uint8Array } {
  if (k % BLOCK !== 0) throw new Error(`NVFP4: K=${k} is not a multiple of the block size 16`);
  const nBlocks = x.length / BLOCK;
  const codes = new Uint8Array(x.length);
  const scales = new Uint8Array(nBlocks);
  const p = perTensorScale;
  const invP = p === null ? 1 : Math.fround(1 / p);
  for (let blk = 0; blk < nBlocks; blk++) {
    const start = blk * BLOCK;
    let amax = 0;
    for (let i = start; i < start + BLOCK; i++) {
      const a = Math.abs(x[i]);
      if (a > amax || a !== a) amax = a;
    }
    const bs = Math.fround(amax / 6);
    const rel = p === null ? bs : Math.fround(bs / p);
    // clamp propagates NaN (an all-zero tensor: P = 0, 0/0 = -NaN on x86)
    const s8 = FLOAT8_E4M3FN.encode(rel !== rel ? NaN : Math.min(448, Math.max(E4M3_TINY, rel)), rel !== rel);
    scales[blk] = s8;
    const s = FLOAT8_E4M3FN.table[s8];
    const mult = p === null ? Math.fround(1 / s) : Math.fround(invP / s);
    for (let i = start; i < start + BLOCK; i++) {
      const v = Math.fround(x[i] * mult);
      codes[i] = v !== v ? FP4_E2M1.format.maxCode : FP4_E2M1.encode(Math.min(6, Math.max(-6, v)));
    }
  }
  return { codes, scales };
}

/** NVFP4Tensor.to_nvfp4 on a 2-D (or N-D, viewed 2-D) tensor, scales swizzled. */
export function nvfp4FromHp(x: HostTensor, perTensorScale: number | null, what: string): QuantizedWeight {
  const k = x.shape[x.shape.length - 1];
  const rows = numel(x.shape) / k;
  const { codes, scales } = nvfp4Quantize(readFloats(x, what), k, perTensorScale);
  const tensors: Record<string, HostTensor> = {
    qdata: { dtype: 'uint8', shape: [...x.shape.slice(0, -1), k / 2], data: packNibbles(codes, 'even-low') },
    scale: { dtype: 'float8_e4m3fn', shape: blockedShape(rows, k / BLOCK), data: toBlocked(scales, rows, k / BLOCK) },
  };
  if (perTensorScale !== null) tensors.per_tensor_scale = writeFloats([perTensorScale], 'float32', []);
  return { tensors, attributes: { block_size: BLOCK, orig_dtype: x.dtype, is_swizzled_scales: true, shape: [...x.shape] } };
}

function scalar(q: QuantizedWeight, name: string): number | null {
  const t = q.tensors[name];
  return t ? readFloats(t, name)[0] : null;
}

/** Element values and fp32 block scales of an NVFP4Tensor ([rows, K] and [rows, K/16]). */
function decodeNvfp4(q: QuantizedWeight): { values: Float32Array; blockScales: Float32Array; rows: number; k: number; shape: number[] } {
  const { qdata, scale } = q.tensors;
  if (!qdata || !scale) throw new Error('NVFP4: an NVFP4Tensor needs inner tensors qdata and scale');
  const k = qdata.shape[qdata.shape.length - 1] * 2;
  const shape = [...qdata.shape.slice(0, -1), k];
  const rows = numel(shape) / k;
  const codes = unpackNibbles(qdata.data, 'even-low');
  const values = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) values[i] = FP4_E2M1.table[codes[i]];
  const bytes = q.attributes.is_swizzled_scales === false ? scale.data : fromBlocked(scale.data, rows, k / BLOCK);
  const blockScales = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) blockScales[i] = FLOAT8_E4M3FN.table[bytes[i]];
  return { values, blockScales, rows, k, shape };
}

/** dequantize: fp4 · fp32(P · s8) (P omitted when absent), rounded to outDtype. */
export function nvfp4Dequantize(q: QuantizedWeight, outDtype: FloatDType): HostTensor {
  const { values, blockScales, shape } = decodeNvfp4(q);
  const p = scalar(q, 'per_tensor_scale');
  const out = new Float32Array(values.length);
  for (let i = 0; i < out.length; i++) {
    const s = blockScales[Math.floor(i / BLOCK)];
    out[i] = roundTo(values[i] * (p === null ? s : Math.fround(p * s)), outDtype);
  }
  return writeFloats(out, outDtype, shape);
}

/**
 * The activation as nvfp4_linear quantizes it: P_a = amax(x)/2688 when dynamic, else the
 * static scale given (the weight's act_per_tensor_scale), else none.
 */
export function nvfp4QuantizeActivation(format: NVFP4Act, x: HostTensor, staticScale: number | null = null): QuantizedWeight {
  const p = format.dynamicPerTensorScale ? nvfp4PerTensorScale(tensorAmax(readFloats(x, 'NVFP4 activation'))) : staticScale;
  return nvfp4FromHp(x, p, 'NVFP4 activation');
}

/** _addmm_nvfp4_dispatch: T(Σ a·sa · w·sw [+ bias]) · T(P_a·P_w), then + bias if held back. */
function nvfp4ScaledMm(xq: QuantizedWeight, wq: QuantizedWeight, bias: Float32Array | null, dtype: FloatDType): Float32Array {
  const a = decodeNvfp4(xq);
  const w = decodeNvfp4(wq);
  const scaled = (d: ReturnType<typeof decodeNvfp4>) => d.values.map((v, i) => v * d.blockScales[Math.floor(i / BLOCK)]);
  const acc = matmulNT(scaled(a), scaled(w), a.rows, w.rows, a.k);
  const pa = scalar(xq, 'per_tensor_scale');
  const pw = scalar(wq, 'per_tensor_scale');
  const hasP = pa !== null || pw !== null;
  const biasInGemm = bias !== null && !hasP && dtype !== 'float32';
  const pScale = hasP ? roundTo((pa ?? 1) * (pw ?? 1), dtype) : 1;
  const out = new Float32Array(acc.length);
  for (let i = 0; i < acc.length; i++) {
    const j = i % w.rows;
    let y = roundTo(biasInGemm ? acc[i] + bias![j] : acc[i], dtype);
    if (hasP) y = roundTo(y * pScale, dtype);
    if (bias && !biasInGemm) y = roundTo(y + bias[j], dtype);
    out[i] = y;
  }
  return out;
}

export function nvfp4Linear(spec: FormatSpec, x: HostTensor, q: QuantizedWeight, bias: HostTensor | null): HostTensor {
  const dtype = x.dtype as FloatDType;
  const k = x.shape[x.shape.length - 1];
  const b = bias ? readFloats(bias, 'bias') : null;
  const act = spec.activation;
  let y: Float32Array;
  let n: number;
  if (act?.kind === 'nvfp4') {
    const xq = nvfp4QuantizeActivation(act, x, scalar(q, 'act_per_tensor_scale'));
    y = nvfp4ScaledMm(xq, q, b, dtype);
    n = y.length / (numel(x.shape) / k);
  } else {
    const w = readFloats(nvfp4Dequantize(q, dtype), 'weight');
    n = w.length / k;
    const acc = matmulNT(readFloats(x, 'x'), w, numel(x.shape) / k, n, k);
    if (b) for (let i = 0; i < acc.length; i++) acc[i] += b[i % n];
    y = Float32Array.from(acc);
  }
  return writeFloats(y, dtype, [...x.shape.slice(0, -1), n]);
}

export const nvfp4Ops: LayoutOps<'nvfp4'> = {
  quantize: (format: NVFP4Format, w: HostTensor) => {
    const values = readFloats(w, 'NVFP4 weight');
    const n = w.shape[0], k = w.shape[w.shape.length - 1];
    if (w.shape.length !== 2 || n % 16 !== 0 || k % 16 !== 0) {
      throw new Error(`NVFP4 only supports weight shape with last 2 dims divisible by 16, got [${w.shape.join(', ')}]`);
    }
    return nvfp4FromHp(w, format.perTensorScale ? nvfp4PerTensorScale(tensorAmax(values)) : null, 'NVFP4 weight');
  },
  dequantize: (_format: NVFP4Format, q: QuantizedWeight, outDtype: FloatDType) => nvfp4Dequantize(q, outDtype),
  linear: nvfp4Linear,
};

/**
 * The static flow (step="prepare" then "convert"): NVFP4ObservedLinear records max |x| over
 * the calibration inputs (from 0, exact), and convert stores act_per_tensor_scale =
 * amax/2688 on the weight, which nvfp4Linear then uses instead of a dynamic P_a.
 */
export function nvfp4WithStaticActivationScale(q: QuantizedWeight, calibration: HostTensor[]): QuantizedWeight {
  let amax = 0;
  for (const x of calibration) amax = Math.max(amax, tensorAmax(readFloats(x, 'NVFP4 calibration input')));
  const act = writeFloats([nvfp4PerTensorScale(amax)], 'float32', []);
  return { tensors: { ...q.tensors, act_per_tensor_scale: act }, attributes: q.attributes };
}
