// Float8 quantization primitives (F: torchao quant_primitives.py::_choose_scale_float8,
// ::_quantize_affine_float8, ::_dequantize_affine_float8; torchao-semantics.md §2.7).
//
// Tensors are viewed as [rows, cols] (leading dims folded into rows) with a block of
// [blockRows, blockCols]; scales are row-major [rows/blockRows, cols/blockCols].
// Invariants: amax is exact; `scale = amax / max` is rounded in the input dtype then kept as
// fp32 (no eps: a zero block has scale 0); quantize divides in fp32, clamps to ±max, casts
// RNE, so 0/0 gives NaN (the x86 default NaN is negative: byte 0xFF for e4m3fn).
import type { Float8Element, FloatDType } from '../../ir/format.js';
import { float8Codec, FLOAT8_MAX } from '../elements/float8.js';
import { roundTo, signBitsOf } from './float-values.js';

export interface Blocked2D {
  rows: number;
  cols: number;
  blockRows: number;
  blockCols: number;
}

export function scaleCount(b: Blocked2D): number {
  return (b.rows / b.blockRows) * (b.cols / b.blockCols);
}

/** Per-block max |x| (NaN if the block holds a NaN), as torch's abs().amax(). */
export function blockAmax(x: Float32Array, b: Blocked2D): Float32Array {
  const scaleCols = b.cols / b.blockCols;
  const amax = new Float32Array(scaleCount(b));
  for (let r = 0; r < b.rows; r++) {
    const base = r * b.cols;
    const srow = Math.floor(r / b.blockRows) * scaleCols;
    for (let sc = 0; sc < scaleCols; sc++) {
      let m = amax[srow + sc];
      const end = base + (sc + 1) * b.blockCols;
      for (let i = base + sc * b.blockCols; i < end; i++) {
        const a = Math.abs(x[i]);
        if (a > m || a !== a) m = a;
      }
      amax[srow + sc] = m;
    }
  }
  return amax;
}

export interface ScaleOptions {
  element: Float8Element;
  /** dtype of x: the amax clamp and the division are rounded to it. */
  dtype: FloatDType;
  lowerBound?: number | null;
  upperBound?: number | null;
}

/** _choose_scale_float8: fp32 scales, one per block. */
export function chooseScaleFloat8(x: Float32Array, b: Blocked2D, opts: ScaleOptions): Float32Array {
  const amax = blockAmax(x, b);
  const max = FLOAT8_MAX[opts.element];
  const lb = opts.lowerBound ?? null;
  const ub = opts.upperBound ?? null;
  for (let i = 0; i < amax.length; i++) {
    let a = amax[i];
    if (lb !== null || ub !== null) {
      if (lb !== null && a < lb) a = lb;
      if (ub !== null && a > ub) a = ub;
      a = roundTo(a, opts.dtype);
    }
    amax[i] = roundTo(a / max, opts.dtype);
  }
  return amax;
}

/**
 * _quantize_affine_float8: fp32 x / scale, clamp to ±max, RNE cast. Returns fp8 bytes.
 * An invalid division (0/0 of an all-zero block) gives -NaN on x86 CPUs and the canonical
 * +NaN on CUDA; the NaN's sign survives the fp8 cast (0xFF vs 0x7F), so `device` decides it.
 */
export function quantizeFloat8(
  x: Float32Array,
  b: Blocked2D,
  scale: Float32Array,
  element: Float8Element,
  device: 'cpu' | 'cuda' = 'cpu',
): Uint8Array {
  const invalidIsNegative = device === 'cpu';
  const codec = float8Codec(element);
  const max = FLOAT8_MAX[element];
  const xBits = signBitsOf(x);
  const scaleCols = b.cols / b.blockCols;
  const out = new Uint8Array(x.length);
  for (let r = 0; r < b.rows; r++) {
    const srow = Math.floor(r / b.blockRows) * scaleCols;
    for (let sc = 0; sc < scaleCols; sc++) {
      const s = scale[srow + sc];
      const start = r * b.cols + sc * b.blockCols;
      for (let i = start; i < start + b.blockCols; i++) {
        let v = Math.fround(x[i] / s);
        if (v !== v) {
          // A NaN operand propagates with its sign; an invalid op (0/0, inf/inf) is -NaN on
          // x86 and +NaN on CUDA. (A NaN scale propagates as the invalid op's NaN.)
          out[i] = codec.encode(NaN, x[i] !== x[i] ? xBits[i] >>> 31 === 1 : s === s && invalidIsNegative);
          continue;
        }
        if (v > max) v = max;
        else if (v < -max) v = -max;
        out[i] = codec.encode(v);
      }
    }
  }
  return out;
}

/** _dequantize_affine_float8: fp32(q) * scale (fp32), then rounded to outDtype. */
export function dequantizeFloat8(
  q: Uint8Array,
  b: Blocked2D,
  scale: Float32Array,
  element: Float8Element,
  outDtype: FloatDType,
): Float32Array {
  const table = float8Codec(element).table;
  const scaleCols = b.cols / b.blockCols;
  const out = new Float32Array(q.length);
  for (let r = 0; r < b.rows; r++) {
    const srow = Math.floor(r / b.blockRows) * scaleCols;
    const base = r * b.cols;
    for (let c = 0; c < b.cols; c++) {
      out[base + c] = roundTo(table[q[base + c]] * scale[srow + Math.floor(c / b.blockCols)], outDtype);
    }
  }
  return out;
}
