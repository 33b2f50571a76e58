// HostTensor: the one tensor type the numerics oracle, the model reader and the bundle writer
// exchange. Raw little-endian bytes, contiguous row-major: every dtype (bf16, float8, packed
// sub-byte data) fits without conversion, and a safetensors payload is one already.
import type { DType } from '../ir/format.js';

export interface HostTensor {
  dtype: DType;
  shape: number[];
  /** Exactly numel * bytesPerElement(dtype) bytes. */
  data: Uint8Array;
}

/** A quantized weight: torchao's inner tensors by name, plus its non-tensor attributes. */
export interface QuantizedWeight {
  /** e.g. { qdata, scale, zero_point } — names as torchao's tensor subclass has them. */
  tensors: Record<string, HostTensor>;
  /** JSON-able attributes (block_size, shape, dtype...), as torchao's __tensor_flatten__. */
  attributes: Record<string, unknown>;
}
