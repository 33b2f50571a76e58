// Int8Tensor (torchao int8_tensor.py; spec §3.1 weight-only, §3.2 dynamic activation).
//
// Weight and activation: symmetric (activation also asymmetric) int8, block from the
// granularity, eps = fp32 machine epsilon, scale computed in the input dtype then stored fp32,
// zero_point a real int8 tensor. Linear: weight-only scales the float GEMM by T(scale);
// dynamic runs an exact int32 GEMM, rounds to T after the activation scale (and the
// asymmetric rowsum correction), then again after the weight scale and bias.
import type { ActivationFormat, FloatDType, FormatSpec, Granularity, WeightFormat } from '../../ir/format.js';
import { type Device, FINFO, rounder } from '../affine/arith.js';
import { blockSizeFor, makeBlocks } from '../affine/blocks.js';
import { chooseQParamsAffine } from '../affine/qparams.js';
import { dequantizeAffine, quantizeAffine } from '../affine/quantize.js';
import { int8Range } from '../affine/ranges.js';
import { fromFloat64, toFloat64 } from '../host-codec.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import type { LayoutOps } from '../index.js';
import { addBiasRounded, floatLinear, floatValues, inner, rowsOf } from './common.js';
import { matmulNT } from './matmul.js';

type Int8Weight = Extract<WeightFormat, { layout: 'int8' }>;
type Int8Act = Extract<ActivationFormat, { kind: 'int8' }>;

/** Int8Tensor.from_hp: the tensors and attributes torchao stores. */
export function int8FromHp(
  t: HostTensor,
  granularity: Granularity,
  mapping: 'SYMMETRIC' | 'ASYMMETRIC',
  reduceRange: boolean,
  what: string,
  device: Device = 'cpu',
): QuantizedWeight {
  const { values, dtype } = floatValues(t, what);
  const blockSize = blockSizeFor(granularity, t.shape);
  const blocks = makeBlocks(t.shape, blockSize);
  const { qmin, qmax } = int8Range(reduceRange);
  const qp = chooseQParamsAffine(values, dtype, blocks, {
    mapping, qmin, qmax, eps: FINFO.float32.eps, scaleDtype: 'float32', device,
  });
  const qdata = quantizeAffine(values, dtype, { blocks, ...qp, qmin, qmax });
  return {
    tensors: {
      qdata: fromFloat64(qdata, 'int8', t.shape),
      scale: fromFloat64(qp.scale, 'float32', blocks.scaleShape),
      zero_point: fromFloat64(qp.zeroPoint, 'int8', blocks.scaleShape),
    },
    attributes: { block_size: blockSize, dtype, reduce_range: reduceRange },
  };
}

function dequantize(q: QuantizedWeight, outDtype: FloatDType): HostTensor {
  const qdata = inner(q, 'qdata');
  const blocks = makeBlocks(qdata.shape, q.attributes.block_size as number[]);
  const out = dequantizeAffine(toFloat64(qdata), outDtype, {
    blocks,
    scale: toFloat64(inner(q, 'scale')),
    scaleDtype: 'float32',
    zeroPoint: toFloat64(inner(q, 'zero_point')),
    qmin: -128,
    qmax: 127,
  });
  return fromFloat64(out, outDtype, qdata.shape);
}

/**
 * torchao multiplies the GEMM output by scale.flatten(): one scale per output row or one in
 * all. A weight quantized PerRow(dim=0) has per-column scales, which torchao mis-applies
 * (or fails on); we refuse it by name.
 */
function checkRowScales(scale: Float64Array, N: number): void {
  if (scale.length !== 1 && scale.length !== N) {
    throw new Error(`int8 linear: the weight has ${scale.length} scales, not one per output row (${N}): PerRow(dim=0) weights cannot run a linear`);
  }
}

/** Weight-only: PerRow/PerTensor `mm(x, q.T in T) * T(scale)`, PerGroup `mm(x, deq(W).T)`. */
function weightOnlyLinear(fmt: Int8Weight, x: HostTensor, q: QuantizedWeight, bias: HostTensor | null): HostTensor {
  const qdata = inner(q, 'qdata');
  const [N, K] = qdata.shape;
  const T = x.dtype as FloatDType;
  if (fmt.granularity.kind === 'PerGroup') {
    const wDeq = toFloat64(dequantize(q, q.attributes.dtype as FloatDType));
    return floatLinear(x, wDeq.map(rounder(T)), N, K, bias);
  }
  const { values: xv } = floatValues(x, 'linear input');
  const M = rowsOf(x, K, 'int8 linear');
  const R = rounder(T);
  const scale = toFloat64(inner(q, 'scale'));
  checkRowScales(scale, N);
  const y = matmulNT(xv, toFloat64(qdata), M, N, K);
  for (let i = 0; i < y.length; i++) y[i] = R(R(y[i]) * R(scale.length === 1 ? scale[0] : scale[i % N]));
  addBiasRounded(y, N, bias, T);
  return fromFloat64(y, T, [...x.shape.slice(0, -1), N]);
}

/** Dynamic: exact int32 GEMM, then the elementwise steps of spec §3.2. */
function dynamicLinear(act: Int8Act, x: HostTensor, q: QuantizedWeight, bias: HostTensor | null): HostTensor {
  const xq = quantizeInt8Activation(act, x);
  const T = x.dtype as FloatDType;
  const R = rounder(T);
  const f = Math.fround;
  const wq = toFloat64(inner(q, 'qdata'));
  const [N, K] = inner(q, 'qdata').shape;
  const M = rowsOf(x, K, 'int8 dynamic linear');
  const sx = toFloat64(inner(xq, 'scale'));
  const zx = toFloat64(inner(xq, 'zero_point'));
  const sw = toFloat64(inner(q, 'scale'));
  checkRowScales(sw, N);
  const b = bias ? toFloat64(bias) : null;
  const acc = matmulNT(toFloat64(inner(xq, 'qdata')), wq, M, N, K);
  const rowsum = new Float64Array(N);
  for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) rowsum[n] += wq[n * K + k];
  const y = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    const s = sx.length === 1 ? sx[0] : sx[m];
    const z = zx.length === 1 ? zx[0] : zx[m];
    for (let n = 0; n < N; n++) {
      let y1 = R(f(f(acc[m * N + n]) * s));
      if (act.mapping === 'ASYMMETRIC') y1 = R(y1 - R(f(f(z * s) * rowsum[n])));
      let v = f(y1 * (sw.length === 1 ? sw[0] : sw[n]));
      if (b) v = f(v + b[n]);
      y[m * N + n] = R(v);
    }
  }
  return fromFloat64(y, T, [...x.shape.slice(0, -1), N]);
}

/** What the dynamic linear quantizes x to (golden act0.*). */
export function quantizeInt8Activation(act: Int8Act, x: HostTensor): QuantizedWeight {
  return int8FromHp(x, act.granularity, act.mapping, act.reduceRange, 'int8 activation');
}

export const int8Ops: LayoutOps<'int8'> = {
  quantize: (fmt, w, options) => int8FromHp(w, fmt.granularity, 'SYMMETRIC', fmt.reduceRange, 'int8 weight', options?.device),
  dequantize: (_fmt, q, outDtype) => dequantize(q, outDtype),
  linear(spec: FormatSpec, x, q, bias) {
    const fmt = spec.weight as Int8Weight;
    if (spec.activation?.kind === 'int8') return dynamicLinear(spec.activation, x, q, bias);
    if (spec.activation) throw new Error(`int8 linear: unsupported activation kind '${spec.activation.kind}'`);
    return weightOnlyLinear(fmt, x, q, bias);
  },
};
