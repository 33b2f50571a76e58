// Float8Sparse2x4 tensors (torchao-semantics.md §3.4.6): the weight is 2:4-pruned along K
// (prune-2x4.ts; torchao itself expects a pruned weight), quantized to fp8 e4m3 per row
// ('2d', CUTLASS) or per tensor ('1d', hipSPARSELt) on the pruned dense weight (§2.7), then
// compressed into kept values and 2-bit indices (sparse-2x4-compress.ts).
//
// Inner tensors, '2d': `qdata` fp8 [N, K/2], `sparse_metadata` uint8 [N, K/8], `scale` fp32
// [N, 1]; '1d': `packed` uint8 [N·K/2 + N·K/8], `scale` fp32 [1, 1]. Attributes:
// `original_shape`, `dtype`, `block_size`. Linear: dynamic float8 activation, then the
// scaled GEMM of §3.4.3 on the decompressed weight (fp32 accumulation, one rounding).
import type { FloatDType, FormatSpec } from '../../ir/format.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import type { LayoutFormat, LayoutOps } from '../index.js';
import { prune2x4 } from './prune-2x4.js';
import { compress2x4, decompress2x4 } from './sparse-2x4-compress.js';
import { chooseScaleFloat8, quantizeFloat8 } from './float8-primitives.js';
import { blocked2D, blockSizeOf } from './blocking.js';
import { readFloats, writeFloats } from './float-values.js';
import { float8Dequantize, float8Linear } from './float8.js';

type SparseFormat = LayoutFormat<'float8_sparse_2x4'>;

/** The stages torchao computes before compression (golden float8_sparse_2x4__*_stage__*). */
export function sparse2x4Stages(format: SparseFormat, w: HostTensor) {
  if (w.shape.length !== 2) throw new Error(`float8 2:4 sparse: the weight must be 2-D, got [${w.shape.join(', ')}]`);
  const dtype = w.dtype as FloatDType;
  const [n, k] = w.shape;
  const { pruned, keep } = prune2x4(readFloats(w, 'float8 2:4 weight'), k, dtype);
  const granularity = format.metadata === '1d' ? { kind: 'PerTensor' as const } : format.granularity;
  const blockSize = blockSizeOf(granularity, w.shape, 'float8 2:4 weight');
  const b = blocked2D(w.shape, blockSize, 'float8 2:4 weight');
  const scale = chooseScaleFloat8(pruned, b, { element: format.element, dtype });
  const qdense = quantizeFloat8(pruned, b, scale, format.element);
  return {
    pruned: writeFloats(pruned, dtype, [n, k]),
    keep,
    blockSize,
    scale: writeFloats(scale, 'float32', [n / blockSize[0], 1]),
    qdataDense: { dtype: format.element, shape: [n, k], data: qdense } as HostTensor,
  };
}

function quantize(format: SparseFormat, w: HostTensor): QuantizedWeight {
  const [n, k] = w.shape;
  const s = sparse2x4Stages(format, w);
  const { values, metadata } = compress2x4(s.qdataDense.data, s.keep, k);
  const attributes = { original_shape: [n, k], dtype: w.dtype, block_size: s.blockSize };
  if (format.metadata === '1d') {
    const packed = new Uint8Array(values.length + metadata.length);
    packed.set(values);
    packed.set(metadata, values.length);
    return { tensors: { packed: { dtype: 'uint8', shape: [packed.length], data: packed }, scale: s.scale }, attributes };
  }
  return {
    tensors: {
      qdata: { dtype: format.element, shape: [n, k / 2], data: values },
      sparse_metadata: { dtype: 'uint8', shape: [n, k / 8], data: metadata },
      scale: s.scale,
    },
    attributes,
  };
}

/** The equivalent dense Float8Tensor (qdata [N, K] with zeros where pruned, same scale). */
export function sparse2x4ToDense(format: SparseFormat, q: QuantizedWeight): QuantizedWeight {
  const [n, k] = q.attributes.original_shape as number[];
  let values: Uint8Array, metadata: Uint8Array;
  if (format.metadata === '1d') {
    const packed = q.tensors.packed.data;
    values = packed.subarray(0, (n * k) / 2);
    metadata = packed.subarray((n * k) / 2);
  } else {
    values = q.tensors.qdata.data;
    metadata = q.tensors.sparse_metadata.data;
  }
  const dense = decompress2x4({ values, metadata }, k);
  return {
    tensors: { qdata: { dtype: format.element, shape: [n, k], data: dense }, scale: q.tensors.scale },
    attributes: { block_size: q.attributes.block_size, dtype: q.attributes.dtype },
  };
}

function linear(spec: FormatSpec, x: HostTensor, q: QuantizedWeight, bias: HostTensor | null): HostTensor {
  if (spec.weight.layout !== 'float8_sparse_2x4') throw new Error('sparse linear: not a float8 2:4 weight');
  const dense = sparse2x4ToDense(spec.weight, q);
  return float8Linear({ ...spec, linear: { kind: 'scaled_mm', useFastAccum: false } }, x, dense, bias);
}

export const float8Sparse2x4Ops: LayoutOps<'float8_sparse_2x4'> = {
  quantize,
  dequantize: (format: SparseFormat, q: QuantizedWeight, outDtype: FloatDType) =>
    float8Dequantize(sparse2x4ToDense(format, q), outDtype, 'float8 2:4 weight'),
  linear,
};
