// Int4Tensor, plain packing (torchao int4_tensor.py over mslk shuffle.py; spec §3.6.1, §3.7).
//
// Groups of `groupSize` along K per row (the last group may be shorter: mslk splits by
// chunks), all arithmetic in fp32 on fp32(w):
//  asymmetric (int4_row_quantize_zp): scale = max(mx - mn, 1e-6) / 15 (on CUDA: times
//    fp32(1/15)), zero = mn + 8 scale,
//    s = clamp(RNE((w - mn) / scale), 0, 15) - 8;
//  symmetric (int4_row_quantize, float8-act int4): scale = max(amax, 1e-6) / 8,
//    s = clamp(RNE(w / scale), -8, 7), zero = 0.
// qdata int8 [N, K/2] even-low nibbles; scale/zero_point transposed to [ceil(K/g), N] and
// cast to the weight dtype. Dequantize (Int4Tensor has none; spec's reconstruction):
// w = s * scale + zero, in fp32, rounded to the output dtype.
import type { FloatDType, FormatSpec, WeightFormat } from '../../ir/format.js';
import { clamp, divScalar, rne, rounder } from '../affine/arith.js';
import { fromFloat64, toFloat32, toFloat64 } from '../host-codec.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import type { LayoutOps, QuantizeOptions } from '../index.js';
import { FLOAT8_E4M3FN } from '../elements/float8.js';
import { addBiasRounded, floatDTypeOf, floatLinear, inner, rowsOf } from './common.js';
import { matmulNT } from './matmul.js';
import { float8RowMslk } from './float8-mslk.js';
import { packNibbles, signedNibble } from './nibbles.js';

// Local bindings of imported hot functions: under tsx, calls through an import are not
// inlined in hot loops (about 5x slower on 58M-element weights).
const clamp_ = clamp, rne_ = rne, divScalar_ = divScalar, signedNibble_ = signedNibble;

type Int4Plain = Extract<WeightFormat, { layout: 'int4_plain' }>;

const MIN_RANGE = Math.fround(1e-6);

export function quantizeInt4Plain(fmt: Int4Plain, w: HostTensor, options: QuantizeOptions = {}): QuantizedWeight {
  const device = options.device ?? 'cpu';
  if (w.shape.length !== 2) throw new Error(`int4 plain: weight must be 2-d [N, K], got [${w.shape.join(', ')}]`);
  const [N, K] = w.shape;
  if (K % 2 !== 0) throw new Error(`int4 plain: K = ${K} must be even to pack two values per byte`);
  const dtype = floatDTypeOf(w, 'int4 weight');
  const x = toFloat32(w);
  const g = fmt.groupSize;
  const groups = Math.ceil(K / g);
  const f = Math.fround;
  const s = new Int8Array(N * K);
  const scaleT = new Float64Array(groups * N);
  const zeroT = new Float64Array(groups * N);
  const symmetric = fmt.mapping === 'symmetric';
  for (let n = 0; n < N; n++) {
    for (let gi = 0; gi < groups; gi++) {
      const start = n * K + gi * g;
      const end = n * K + Math.min(K, (gi + 1) * g);
      let mn = Infinity;
      let mx = -Infinity;
      for (let i = start; i < end; i++) {
        const v = x[i];
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      if (symmetric) {
        const scale = f(divScalar_(Math.max(Math.max(Math.abs(mn), Math.abs(mx)), MIN_RANGE), 8, device));
        for (let i = start; i < end; i++) s[i] = clamp_(rne_(f(x[i] / scale)), -8, 7);
        scaleT[gi * N + n] = scale;
      } else {
        const scale = f(divScalar_(Math.max(f(mx - mn), MIN_RANGE), 15, device));
        for (let i = start; i < end; i++) s[i] = clamp_(rne_(f(f(x[i] - mn) / scale)), 0, 15) - 8;
        scaleT[gi * N + n] = scale;
        zeroT[gi * N + n] = f(mn + f(scale * 8));
      }
    }
  }
  return {
    tensors: {
      qdata: { dtype: 'int8', shape: [N, K / 2], data: packNibbles(s, 'even-low') },
      scale: fromFloat64(scaleT, dtype, [groups, N]),
      zero_point: fromFloat64(zeroT, dtype, [groups, N]),
    },
    attributes: {
      block_size: [1, g],
      shape: [N, K],
      activation_dtype: symmetric ? 'float8_e4m3fn' : 'bfloat16',
    },
  };
}

export function dequantizeInt4Plain(fmt: Int4Plain, q: QuantizedWeight, outDtype: FloatDType): HostTensor {
  const qdata = inner(q, 'qdata');
  const [N, half] = qdata.shape;
  const K = half * 2;
  const scale = toFloat64(inner(q, 'scale'));
  const zero = toFloat64(inner(q, 'zero_point'));
  const O = rounder(outDtype);
  const f = Math.fround;
  const out = new Float64Array(N * K);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const byte = qdata.data[n * half + (k >> 1)];
      const v = signedNibble_(k % 2 === 0 ? byte : byte >> 4);
      const gi = Math.floor(k / fmt.groupSize) * N + n;
      out[n * K + k] = O(f(f(v * scale[gi]) + zero[gi]));
    }
  }
  return fromFloat64(out, outDtype, [N, K]);
}

/**
 * mslk's mixed-input GEMMs (CUDA) on the reconstructed weight w = s * scale + zero (fp32):
 * bf16i4bf16_rowwise: y = bf16(x . w), then + bias in bf16.
 * f8i4bf16_rowwise (float8-act int4): x -> quantize_fp8_row (e4m3 per row, fp32 row scale),
 * y = bf16(x_scale[m] * (xq . w)), then + bias. A float64 GEMM stands in for the kernels'
 * fp32 accumulation (exact up to summation order).
 */
function linear(spec: FormatSpec, x: HostTensor, q: QuantizedWeight, bias: HostTensor | null): HostTensor {
  const fmt = spec.weight as Int4Plain;
  const w = toFloat64(dequantizeInt4Plain(fmt, q, 'float32'));
  const [N, half] = inner(q, 'qdata').shape;
  const K = half * 2;
  if (!spec.activation) return floatLinear(x, w, N, K, bias);
  if (spec.activation.kind !== 'float8_row_mslk') throw new Error(`int4 plain linear: unsupported activation kind '${spec.activation.kind}'`);
  const xq = float8RowMslk(x);
  const codes = inner(xq, 'qdata').data;
  const xv = Float64Array.from(codes, (b) => FLOAT8_E4M3FN.decode(b));
  const xScale = toFloat64(inner(xq, 'scale'));
  const M = rowsOf(x, K, 'int4 plain linear');
  const y = matmulNT(xv, w, M, N, K);
  for (let i = 0; i < y.length; i++) y[i] *= xScale[Math.floor(i / N)];
  addBiasRounded(y, N, bias, 'bfloat16');
  return fromFloat64(y, 'bfloat16', [...x.shape.slice(0, -1), N]);
}

export const int4PlainOps: LayoutOps<'int4_plain'> = {
  quantize: quantizeInt4Plain,
  dequantize: dequantizeInt4Plain,
  linear,
};
