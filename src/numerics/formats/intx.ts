// IntxUnpackedToInt8Tensor (torchao intx_unpacked_to_int8_tensor.py; spec §3.9, §3.10).
//
// int1..int8 values stored one per int8, block (1, g) for 2-D [N, K] and (1, g, 1, 1) for
// conv weights [C_out, C_in, kH, kW] (g = group size, or the whole K / C_in for PerAxis(0)).
// AFFINE: choose_qparams_affine with the default eps and the scale in the weight dtype, then
// quantize_affine in that dtype. HQQ_SCALE_ONLY: the fp32 least-squares scale, zero points 0.
// A scale_dtype different from the weight dtype casts the scale and re-quantizes with it.
// Dequantize: dequantize_affine to the weight dtype; linear/conv/embedding run on that.
import type { FloatDType, FormatSpec, WeightFormat } from '../../ir/format.js';
import { type Device, rounder } from '../affine/arith.js';
import { type Blocks, makeBlocks } from '../affine/blocks.js';
import { hqqScaleOnly } from '../affine/hqq-scale-only.js';
import { chooseQParamsAffine } from '../affine/qparams.js';
import { dequantizeAffine, quantizeAffine } from '../affine/quantize.js';
import { intRange } from '../affine/ranges.js';
import { fromFloat64, toFloat64 } from '../host-codec.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import type { LayoutOps, QuantizeOptions } from '../index.js';
import { floatLinear, floatValues, inner } from './common.js';
import { int8AsymPerTokenFakeQuant } from './intx-activation.js';

type IntxWeight = Extract<WeightFormat, { layout: 'intx_unpacked_to_int8' }>;

/** Block size of an intx weight: (1, g) or (1, g, 1, 1). */
export function intxBlockSize(fmt: IntxWeight, shape: number[]): number[] {
  if (shape.length !== 2 && shape.length !== 4) {
    throw new Error(`IntxWeightOnlyConfig only works for 2-d and 4-d Tensors, got: ${shape.length}`);
  }
  const g = fmt.granularity;
  let group: number;
  if (g.kind === 'PerGroup') group = g.groupSize;
  else if (g.kind === 'PerAxis' && g.axis === 0) group = shape[1];
  else throw new Error(`intx weight: granularity must be PerAxis(0) or PerGroup, got ${JSON.stringify(g)}`);
  return shape.length === 2 ? [1, group] : [1, group, 1, 1];
}

function chooseScale(fmt: IntxWeight, values: Float64Array, dtype: FloatDType, blocks: Blocks, device: Device) {
  const { qmin, qmax } = intRange(fmt.element);
  if (fmt.algorithm === 'hqq_scale_only') {
    if (blocks.ids) throw new Error('hqq_scale_only: needs groups along the last dim of a 2-d weight');
    const { q, scale } = hqqScaleOnly(values, blocks.run, qmin, qmax, device);
    const T = rounder(dtype);
    return { q, scale: scale.map(T), zeroPoint: new Float64Array(blocks.count), qmin, qmax };
  }
  const qp = chooseQParamsAffine(values, dtype, blocks, { mapping: fmt.mapping, qmin, qmax, device });
  const q = quantizeAffine(values, dtype, { blocks, ...qp, qmin, qmax });
  return { q, scale: qp.scale, zeroPoint: qp.zeroPoint, qmin, qmax };
}

export function quantizeIntx(fmt: IntxWeight, w: HostTensor, options: QuantizeOptions = {}): QuantizedWeight {
  const { values, dtype } = floatValues(w, 'intx weight');
  const blockSize = intxBlockSize(fmt, w.shape);
  const blocks = makeBlocks(w.shape, blockSize);
  const chosen = chooseScale(fmt, values, dtype, blocks, options.device ?? 'cpu');
  const { zeroPoint, qmin, qmax } = chosen;
  let { q, scale } = chosen;
  const scaleDtype = fmt.scaleDtype ?? dtype;
  if (scaleDtype !== dtype) {
    // _adjust_scale_dtype_in_intx_unpacked_tensor: cast, then quantize again with the cast scale
    scale = scale.map(rounder(scaleDtype));
    q = quantizeAffine(values, dtype, { blocks, scale, scaleDtype, zeroPoint, qmin, qmax });
  }
  return {
    tensors: {
      qdata: fromFloat64(q, 'int8', w.shape),
      scale: fromFloat64(scale, scaleDtype, blocks.scaleShape),
      zero_point: fromFloat64(zeroPoint, 'int8', blocks.scaleShape),
    },
    attributes: {
      target_dtype: fmt.element,
      block_size: blockSize,
      dtype,
      activation_quantization: null,
    },
  };
}

export function dequantizeIntx(fmt: IntxWeight, q: QuantizedWeight, outDtype: FloatDType): HostTensor {
  const qdata = inner(q, 'qdata');
  const scale = inner(q, 'scale');
  const blocks = makeBlocks(qdata.shape, intxBlockSize(fmt, qdata.shape));
  const { qmin, qmax } = intRange(fmt.element);
  const out = dequantizeAffine(toFloat64(qdata), outDtype, {
    blocks,
    scale: toFloat64(scale),
    scaleDtype: scale.dtype as FloatDType,
    zeroPoint: toFloat64(inner(q, 'zero_point')),
    qmin,
    qmax,
  });
  return fromFloat64(out, outDtype, qdata.shape);
}

/** F.linear(x (fake-quantized for int8_asym_per_token), dequantize(W), bias). */
function linear(spec: FormatSpec, x: HostTensor, q: QuantizedWeight, bias: HostTensor | null): HostTensor {
  const fmt = spec.weight as IntxWeight;
  const wDtype = (q.attributes.dtype as FloatDType | undefined) ?? (x.dtype as FloatDType);
  const w = dequantizeIntx(fmt, q, wDtype);
  if (w.shape.length !== 2) throw new Error(`intx linear: weight of rank ${w.shape.length} (use the conv/embedding references)`);
  let input = x;
  if (spec.activation?.kind === 'int8_asym_per_token_fake_quant') input = inner(int8AsymPerTokenFakeQuant(x), 'dequantized');
  else if (spec.activation) throw new Error(`intx linear: unsupported activation kind '${spec.activation.kind}'`);
  return floatLinear(input, toFloat64(w), w.shape[0], w.shape[1], bias);
}

export const intxOps: LayoutOps<'intx_unpacked_to_int8'> = {
  quantize: quantizeIntx,
  dequantize: dequantizeIntx,
  linear,
};
