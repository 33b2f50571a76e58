// The numerics oracle: torchao's quantization numerics for every FormatSpec, on HostTensors.
//
// One table row per weight layout (torchao tensor subclass) and per dynamic activation kind;
// the public functions only dispatch. A layout module implements quantize / dequantize /
// linear exactly as torchao computes them (torchao-semantics.md §2, §3); linear uses a
// float64 GEMM where torchao has a float GEMM, so it is exact up to summation order there,
// and exact everywhere for the integer GEMM of int8 dynamic.
//
// Adding a layout: write src/numerics/formats/<layout>.ts exporting its LayoutOps and add one
// line to `layouts` (and to `activations` for a new dynamic activation kind).
import type { ActivationFormat, FloatDType, FormatSpec, WeightFormat } from '../ir/format.js';
import type { HostTensor, QuantizedWeight } from './host-tensor.js';
import { float8Ops, quantizeFloat8Activation } from './formats/float8.js';
import { float8RowMslk } from './formats/float8-mslk.js';
import { float8Sparse2x4Ops } from './formats/float8-sparse-2x4.js';
import { int4PlainOps } from './formats/int4-plain.js';
import { int4TilePackedOps } from './formats/int4-tile-packed.js';
import { int8Ops, quantizeInt8Activation } from './formats/int8.js';
import { intxOps } from './formats/intx.js';
import { int8AsymPerTokenFakeQuant } from './formats/intx-activation.js';
import { mxOps, quantizeMXActivation } from './formats/mx.js';
import { nvfp4Ops, nvfp4QuantizeActivation } from './formats/nvfp4.js';

export type { HostTensor, QuantizedWeight } from './host-tensor.js';

export type WeightLayout = WeightFormat['layout'];
export type LayoutFormat<L extends WeightLayout> = Extract<WeightFormat, { layout: L }>;
export type ActivationKind = ActivationFormat['kind'];
export type ActivationOf<K extends ActivationKind> = Extract<ActivationFormat, { kind: K }>;

/** torchao results that depend on where quantization runs (HQQ solves in fp16 on CUDA). */
export interface QuantizeOptions {
  /** Default 'cpu'. */
  device?: 'cpu' | 'cuda';
}

/** What one weight layout module provides. */
export interface LayoutOps<L extends WeightLayout> {
  quantize(format: LayoutFormat<L>, w: HostTensor, options?: QuantizeOptions): QuantizedWeight;
  dequantize(format: LayoutFormat<L>, q: QuantizedWeight, outDtype: FloatDType): HostTensor;
  /** torchao's F.linear override for this layout (the activation format comes with spec). */
  linear(spec: FormatSpec, x: HostTensor, q: QuantizedWeight, bias: HostTensor | null): HostTensor;
}

/** Dynamic activation quantization: what torchao's linear quantizes x to at run time. */
export type ActivationQuantizer<K extends ActivationKind> = (
  format: ActivationOf<K>,
  x: HostTensor,
) => QuantizedWeight;

const layouts: { [L in WeightLayout]?: LayoutOps<L> } = {
  int8: int8Ops,
  int4_plain: int4PlainOps,
  int4_tile_packed_to_4d: int4TilePackedOps,
  intx_unpacked_to_int8: intxOps,
  float8: float8Ops,
  float8_sparse_2x4: float8Sparse2x4Ops,
  mx: mxOps,
  nvfp4: nvfp4Ops,
};

const activations: { [K in ActivationKind]?: ActivationQuantizer<K> } = {
  int8: quantizeInt8Activation,
  int8_asym_per_token_fake_quant: (_format, x) => int8AsymPerTokenFakeQuant(x),
  float8: quantizeFloat8Activation,
  float8_row_mslk: (_format, x) => float8RowMslk(x),
  mx: quantizeMXActivation,
  nvfp4: (format, x) => nvfp4QuantizeActivation(format, x),
};

function layoutOps<L extends WeightLayout>(format: LayoutFormat<L>): LayoutOps<L> {
  const ops = layouts[format.layout as L] as LayoutOps<L> | undefined;
  if (!ops) throw new Error(`numerics: no reference implementation for weight layout '${format.layout}'`);
  return ops;
}

/** torchao's quantized weight: inner tensors named, typed and shaped as torchao stores them. */
export function quantizeWeight(spec: FormatSpec, w: HostTensor, options: QuantizeOptions = {}): QuantizedWeight {
  return layoutOps(spec.weight).quantize(spec.weight, w, options);
}

/** torchao's dequantize() (or the spec's reconstruction where the subclass has none). */
export function dequantizeWeight(spec: FormatSpec, q: QuantizedWeight, outDtype: FloatDType): HostTensor {
  return layoutOps(spec.weight).dequantize(spec.weight, q, outDtype);
}

/** The activation as the linear quantizes it at run time (golden `act<i>.*`). */
export function quantizeActivation(spec: FormatSpec, x: HostTensor): QuantizedWeight {
  const format = spec.activation;
  if (!format) throw new Error('numerics: quantizeActivation on a weight-only format');
  const quantize = activations[format.kind] as ActivationQuantizer<typeof format.kind> | undefined;
  if (!quantize) throw new Error(`numerics: no reference implementation for activation kind '${format.kind}'`);
  return quantize(format, x);
}

/** torchao's linear(x, W_q) + bias, output in x's dtype (see LayoutOps.linear). */
export function referenceLinear(
  spec: FormatSpec,
  x: HostTensor,
  q: QuantizedWeight,
  bias: HostTensor | null,
): HostTensor {
  return layoutOps(spec.weight).linear(spec, x, q, bias);
}

/** Whether the oracle implements this spec (verify-golden reports the rest as skipped). */
export function supportsFormat(spec: FormatSpec): string | null {
  if (!layouts[spec.weight.layout]) return `weight layout '${spec.weight.layout}' not implemented`;
  if (spec.activation && !activations[spec.activation.kind]) {
    return `activation kind '${spec.activation.kind}' not implemented`;
  }
  return null;
}
