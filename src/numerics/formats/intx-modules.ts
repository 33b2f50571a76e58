// The modules IntxUnpackedToInt8Tensor also serves besides linear (spec §3.9): conv2d and
// embedding on the dequantized weight. Float64 references for verify-golden and tests.
import type { FloatDType } from '../../ir/format.js';
import { FINFO, rounder } from '../affine/arith.js';
import { fromFloat64, toFloat64 } from '../host-codec.js';
import type { HostTensor } from '../host-tensor.js';

/** F.embedding(indices, table): rows of the (already dequantized) table, exact. */
export function embeddingReference(table: HostTensor, indices: HostTensor): HostTensor {
  const [rows, dim] = table.shape;
  const idx = toFloat64(indices);
  const width = dim * (table.data.length / (rows * dim));
  const out = new Uint8Array(idx.length * width);
  idx.forEach((r, i) => {
    if (r < 0 || r >= rows) throw new Error(`embedding: index ${r} outside the table's ${rows} rows`);
    out.set(table.data.subarray(r * width, (r + 1) * width), i * width);
  });
  return { dtype: table.dtype, shape: [...indices.shape, dim], data: out };
}

export interface Conv2dParams {
  stride: number;
  padding: number;
}

/**
 * F.conv2d(x [B, C, H, W], w [O, C, kH, kW], bias) in float64, rounded to x's dtype, with the
 * per-element tolerance of a float GEMM (see golden/tolerance.ts).
 */
export function conv2dReference(x: HostTensor, w: HostTensor, bias: HostTensor | null, p: Conv2dParams): { output: HostTensor; tolerance: Float64Array } {
  const [B, C, H, W] = x.shape;
  const [O, C2, kH, kW] = w.shape;
  if (C !== C2) throw new Error(`conv2d: input has ${C} channels, weight expects ${C2}`);
  const T = x.dtype as FloatDType;
  const R = rounder(T);
  const xv = toFloat64(x);
  const wv = toFloat64(w);
  const bv = bias ? toFloat64(bias) : null;
  const Ho = Math.floor((H + 2 * p.padding - kH) / p.stride) + 1;
  const Wo = Math.floor((W + 2 * p.padding - kW) / p.stride) + 1;
  const out = new Float64Array(B * O * Ho * Wo);
  const tol = new Float64Array(out.length);
  const factor = 4 * FINFO[T].eps + C * kH * kW * 2 ** -24;
  let i = 0;
  for (let b = 0; b < B; b++) for (let o = 0; o < O; o++) for (let y = 0; y < Ho; y++) for (let xo = 0; xo < Wo; xo++) {
    let acc = bv ? bv[o] : 0;
    let mag = bv ? Math.abs(bv[o]) : 0;
    for (let c = 0; c < C; c++) for (let ky = 0; ky < kH; ky++) for (let kx = 0; kx < kW; kx++) {
      const iy = y * p.stride - p.padding + ky;
      const ix = xo * p.stride - p.padding + kx;
      if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
      const prod = xv[((b * C + c) * H + iy) * W + ix] * wv[((o * C + c) * kH + ky) * kW + kx];
      acc += prod;
      mag += Math.abs(prod);
    }
    out[i] = R(acc);
    tol[i++] = factor * mag;
  }
  return { output: fromFloat64(out, T, [B, O, Ho, Wo]), tolerance: tol };
}
