// MXTensor (torchao-semantics.md §3.11): weight quantization with swizzled e8m0 scales, the
// activation quantized at run time (unswizzled, as torchao's positional-argument slip leaves
// it), dequantize, and the EMULATED linear: addmm(bias, dequant(x_mx), dequant(W)ᵀ) in bf16.
//
// Inner tensors: `qdata` (fp8 typed [N, K]; fp6 uint8 codes [N, K]; fp4 uint8 [N, K/2] with
// the even element in the low nibble) and `scale` float8_e8m0fnu (weights: to_blocked
// [ceil(N/128)·32, ceil(K/128)·16]; activations: [M, K/32]).
// Attributes: `elem_dtype`, `block_size`, `orig_dtype`, `is_swizzled_scales`.
import type { ActivationFormat, FloatDType, FormatSpec, MXElement } from '../../ir/format.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import type { LayoutFormat, LayoutOps } from '../index.js';
import { numel } from '../host-codec.js';
import { fromMx, toMx, type MXBlocks } from './mx-primitives.js';
import { packNibbles, unpackNibbles } from './nibbles.js';
import { blockedShape, fromBlocked, toBlocked } from './swizzle.js';
import { readFloats, writeFloats } from './float-values.js';
import { matmulNT } from './matmul.js';

type MXFormat = LayoutFormat<'mx'>;
type MXAct = Extract<ActivationFormat, { kind: 'mx' }>;

interface MXParams {
  element: MXElement;
  blockSize: number;
  scaling: MXFormat['scaling'];
}

function qdataTensor(codes: Uint8Array, element: MXElement, shape: number[]): HostTensor {
  const rows = shape.slice(0, -1);
  const k = shape[shape.length - 1];
  if (element === 'fp4_e2m1') return { dtype: 'uint8', shape: [...rows, k / 2], data: packNibbles(codes, 'even-low') };
  if (element === 'float8_e4m3fn' || element === 'float8_e5m2') return { dtype: element, shape: [...shape], data: codes };
  return { dtype: 'uint8', shape: [...shape], data: codes };
}

/** MXTensor.to_mx(x, element, block_size, scaling_mode, is_swizzled_scales). */
export function mxFromHp(x: HostTensor, p: MXParams, swizzle: boolean, what: string): QuantizedWeight {
  const k = x.shape[x.shape.length - 1];
  if (k % p.blockSize !== 0) {
    throw new Error(`${what}: the last dimension of shape [${x.shape.join(', ')}] must be divisible by block_size ${p.blockSize}`);
  }
  const rows = numel(x.shape) / k;
  const { codes, scales } = toMx(readFloats(x, what), k, p.element, p.blockSize, p.scaling);
  const scaleCols = k / p.blockSize;
  const scale: HostTensor = swizzle
    ? { dtype: 'float8_e8m0fnu', shape: blockedShape(rows, scaleCols), data: toBlocked(scales, rows, scaleCols) }
    : { dtype: 'float8_e8m0fnu', shape: [...x.shape.slice(0, -1), scaleCols], data: scales };
  return {
    tensors: { qdata: qdataTensor(codes, p.element, x.shape), scale },
    attributes: { elem_dtype: p.element, block_size: p.blockSize, orig_dtype: x.dtype, is_swizzled_scales: swizzle, shape: [...x.shape] },
  };
}

/** Codes and row-major scales of an MXTensor, whatever its storage. */
function mxBlocks(q: QuantizedWeight, p: MXParams): { blocks: MXBlocks; shape: number[] } {
  const { qdata, scale } = q.tensors;
  if (!qdata || !scale) throw new Error('MX: an MXTensor needs inner tensors qdata and scale');
  const shape = (q.attributes.shape as number[] | undefined) ??
    (p.element === 'fp4_e2m1' ? [...qdata.shape.slice(0, -1), qdata.shape[qdata.shape.length - 1] * 2] : qdata.shape);
  const k = shape[shape.length - 1];
  const rows = numel(shape) / k;
  const codes = p.element === 'fp4_e2m1' ? unpackNibbles(qdata.data, 'even-low') : qdata.data;
  const swizzled = q.attributes.is_swizzled_scales === true;
  const scales = swizzled ? fromBlocked(scale.data, rows, k / p.blockSize) : scale.data;
  return { blocks: { codes, scales }, shape };
}

export function mxDequantize(q: QuantizedWeight, p: MXParams, outDtype: FloatDType): HostTensor {
  const { blocks, shape } = mxBlocks(q, p);
  return writeFloats(fromMx(blocks, p.element, p.blockSize, outDtype), outDtype, shape);
}

export function quantizeMXActivation(format: MXAct, x: HostTensor): QuantizedWeight {
  return mxFromHp(x, format, false, 'MX activation');
}

/** EMULATED mx_linear: bf16 dequantized operands, one addmm in the output dtype. */
export function mxLinear(spec: FormatSpec, x: HostTensor, q: QuantizedWeight, bias: HostTensor | null): HostTensor {
  if (spec.weight.layout !== 'mx') throw new Error('mxLinear: not an MX weight');
  const dtype = x.dtype as FloatDType;
  const act = spec.activation;
  const a = act?.kind === 'mx' ? readFloats(mxDequantize(quantizeMXActivation(act, x), act, dtype), 'x') : readFloats(x, 'x');
  const w = readFloats(mxDequantize(q, spec.weight, dtype), 'weight');
  const k = x.shape[x.shape.length - 1];
  const n = w.length / k;
  const m = a.length / k;
  const acc = matmulNT(a, w, m, n, k);
  const b = bias ? readFloats(bias, 'bias') : null;
  if (b) for (let i = 0; i < acc.length; i++) acc[i] += b[i % n];
  return writeFloats(acc, dtype, [...x.shape.slice(0, -1), n]);
}

export const mxOps: LayoutOps<'mx'> = {
  quantize: (format: MXFormat, w: HostTensor) => mxFromHp(w, format, true, 'MX weight'),
  dequantize: (format: MXFormat, q: QuantizedWeight, outDtype: FloatDType) => mxDequantize(q, format, outDtype),
  linear: mxLinear,
};
