// Float8Tensor (torchao-semantics.md §3.3, §3.4): weight quantization at every granularity,
// dynamic activation quantization (§3.4.2, and mslk's row quantizer §3.4.5), and the three
// linears: weight-only dequantize-then-matmul (§3.3), `_scaled_mm` (§3.4.3) and blockwise
// 1x128/128x128 (triton, bf16 output then + bias).
//
// Inner tensors: `qdata` fp8 (same shape as the input), `scale` fp32 shaped shape/block_size.
// Attributes: `block_size` (full rank) and `dtype` (the original high-precision dtype).
import type { ActivationFormat, FloatDType, FormatSpec, Granularity } from '../../ir/format.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import type { LayoutFormat, LayoutOps, QuantizeOptions } from '../index.js';
import { float8Codec } from '../elements/float8.js';
import { blocked2D, blockSizeOf, scaleShapeOf } from './blocking.js';
import { chooseScaleFloat8, dequantizeFloat8, quantizeFloat8 } from './float8-primitives.js';
import { isFloatDType, readFloats, writeFloats } from './float-values.js';
import { numel } from '../host-codec.js';
import { addBiasRounded, matmulNT } from './matmul.js';
import { float8RowMslk } from './float8-mslk.js';

type Float8Format = LayoutFormat<'float8'>;
type Float8Act = Extract<ActivationFormat, { kind: 'float8' }>;

function floatDTypeOf(t: HostTensor, what: string): FloatDType {
  if (!isFloatDType(t.dtype)) throw new Error(`${what}: expected a float32/bfloat16/float16 tensor, got ${t.dtype}`);
  return t.dtype;
}

/** Float8Tensor.from_hp(x, element, granularity, lb, ub): qdata + fp32 scale. */
export function float8FromHp(
  x: HostTensor,
  element: Float8Act['element'],
  granularity: Granularity,
  bounds: { lowerBound: number | null; upperBound: number | null },
  what: string,
  device: 'cpu' | 'cuda' = 'cpu',
): QuantizedWeight {
  const dtype = floatDTypeOf(x, what);
  const blockSize = blockSizeOf(granularity, x.shape, what);
  const b = blocked2D(x.shape, blockSize, what);
  const values = readFloats(x, what);
  const scale = chooseScaleFloat8(values, b, { element, dtype, ...bounds });
  const qdata = quantizeFloat8(values, b, scale, element, device);
  return {
    tensors: {
      qdata: { dtype: element, shape: [...x.shape], data: qdata },
      scale: writeFloats(scale, 'float32', scaleShapeOf(x.shape, blockSize)),
    },
    attributes: { block_size: blockSize, dtype },
  };
}

/** Float8Tensor.dequantize(): fp32(q) * scale, cast to outDtype. */
export function float8Dequantize(q: QuantizedWeight, outDtype: FloatDType, what: string): HostTensor {
  const { qdata, scale } = q.tensors;
  if (!qdata || !scale) throw new Error(`${what}: a Float8Tensor needs inner tensors qdata and scale`);
  if (qdata.dtype !== 'float8_e4m3fn' && qdata.dtype !== 'float8_e5m2') {
    throw new Error(`${what}: qdata must be float8_e4m3fn or float8_e5m2, got ${qdata.dtype}`);
  }
  const blockSize = qdata.shape.map((s, i) => s / scale.shape[i]);
  const b = blocked2D(qdata.shape, blockSize, what);
  const values = dequantizeFloat8(qdata.data, b, readFloats(scale, `${what}.scale`), qdata.dtype, outDtype);
  return writeFloats(values, outDtype, qdata.shape);
}

export function quantizeFloat8Activation(format: Float8Act, x: HostTensor): QuantizedWeight {
  return float8FromHp(x, format.element, format.granularity, format, 'float8 activation');
}

function quantizeActivationFor(spec: FormatSpec, x: HostTensor): QuantizedWeight {
  const act = spec.activation;
  if (act?.kind === 'float8') return quantizeFloat8Activation(act, x);
  if (act?.kind === 'float8_row_mslk') return float8RowMslk(x);
  throw new Error(`float8 linear '${spec.linear.kind}' needs a float8 activation format, got ${act ? act.kind : 'none'}`);
}

/** Decoded fp8 values and fp32 scales of a Float8Tensor, for the GEMMs. */
function operand(q: QuantizedWeight): { values: Float32Array; scale: Float32Array; rows: number; cols: number; scaleShape: number[] } {
  const { qdata, scale } = q.tensors;
  const table = float8Codec(qdata.dtype as Float8Act['element']).table;
  const values = new Float32Array(qdata.data.length);
  for (let i = 0; i < values.length; i++) values[i] = table[qdata.data[i]];
  const cols = qdata.shape[qdata.shape.length - 1];
  return { values, scale: readFloats(scale, 'scale'), rows: values.length / cols, cols, scaleShape: scale.shape };
}

/** torch._scaled_mm: Σ fp32(xq)·fp32(wq) · sa · sb (+ bias), one rounding to T (§3.4.3). */
function scaledMm(xq: QuantizedWeight, wq: QuantizedWeight, bias: Float32Array | null, dtype: FloatDType): Float32Array {
  const a = operand(xq);
  const w = operand(wq);
  const acc = matmulNT(a.values, w.values, a.rows, w.rows, a.cols);
  const perRowA = a.scale.length > 1;
  const perRowW = w.scale.length > 1;
  const out = new Float32Array(acc.length);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < w.rows; j++) {
      const y = acc[i * w.rows + j] * a.scale[perRowA ? i : 0] * w.scale[perRowW ? j : 0];
      // fp32 output: _scaled_mm runs without bias, the bias is added after in fp32
      if (dtype === 'float32') out[i * w.rows + j] = bias ? Math.fround(Math.fround(y) + bias[j]) : Math.fround(y);
      else out[i * w.rows + j] = bias ? y + bias[j] : y;
    }
  }
  return out; // fp32 epilogue result; the caller's writeFloats rounds it to T once
}

/** Triton blockwise GEMM: per 128-wide K block, dot · sa[m, kb] · sb[n/128, kb]; bf16 out, then + bias. */
function blockwiseMm(xq: QuantizedWeight, wq: QuantizedWeight, bias: Float32Array | null, dtype: FloatDType): Float32Array {
  const a = operand(xq);
  const w = operand(wq);
  const k = a.cols;
  const kBlocks = a.scale.length / a.rows;
  const kb = k / kBlocks;
  const wBlockRows = w.rows / w.scaleShape[0];
  const acc = new Float64Array(a.rows * w.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < w.rows; j++) {
      let total = 0;
      for (let blk = 0; blk < kBlocks; blk++) {
        let dot = 0;
        for (let t = blk * kb; t < (blk + 1) * kb; t++) dot += a.values[i * k + t] * w.values[j * k + t];
        total += dot * a.scale[i * kBlocks + blk] * w.scale[Math.floor(j / wBlockRows) * kBlocks + blk];
      }
      acc[i * w.rows + j] = total;
    }
  }
  return addBiasRounded(acc, bias, w.rows, dtype);
}

export function float8Linear(spec: FormatSpec, x: HostTensor, q: QuantizedWeight, bias: HostTensor | null): HostTensor {
  const dtype = floatDTypeOf(x, 'linear input');
  const k = x.shape[x.shape.length - 1];
  const n = q.tensors.qdata.shape[0];
  if (q.tensors.qdata.shape[1] !== k) {
    throw new Error(`float8 linear: input has K=${k} but the weight is [${q.tensors.qdata.shape.join(', ')}]`);
  }
  const b = bias ? readFloats(bias, 'bias') : null;
  const outShape = [...x.shape.slice(0, -1), n];
  let y: Float32Array;
  switch (spec.linear.kind) {
    case 'dequantize_then_matmul': {
      const wDtype = (q.attributes.dtype as FloatDType | undefined) ?? dtype;
      const w = readFloats(float8Dequantize(q, wDtype, 'float8 weight'), 'weight');
      y = addBiasRounded(matmulNT(readFloats(x, 'linear input'), w, numel(x.shape) / k, n, k), b, n, dtype);
      break;
    }
    case 'scaled_mm':
      y = scaledMm(quantizeActivationFor(spec, x), q, b, dtype);
      break;
    case 'blockwise_scaled_mm':
      y = blockwiseMm(quantizeActivationFor(spec, x), q, b, dtype);
      break;
    default:
      throw new Error(`float8 weights do not support linear '${spec.linear.kind}'`);
  }
  return writeFloats(y, dtype, outShape);
}

export const float8Ops: LayoutOps<'float8'> = {
  quantize: (format: Float8Format, w: HostTensor, options?: QuantizeOptions) =>
    float8FromHp(
      w,
      format.element,
      format.granularity,
      { lowerBound: null, upperBound: null },
      'float8 weight',
      options?.device,
    ),
  dequantize: (_format: Float8Format, q: QuantizedWeight, outDtype: FloatDType) => float8Dequantize(q, outDtype, 'float8 weight'),
  linear: float8Linear,
};
