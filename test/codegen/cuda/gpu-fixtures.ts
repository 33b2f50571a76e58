// Host-side data for the GPU tests (*.gpu.test.ts): seeded bf16 tensors (never zeros), their
// runtime form, and bf16 bytes read back as numbers.
import { Tensor, type DType } from '../../../runtime/src/index.js';
import type { HostTensor } from '../../../src/numerics/host-tensor.js';
import { fromBFloat16Bits, toBFloat16Bits } from '../../../src/numerics/elements/float16.js';

/** A bf16 tensor of uniform values in [offset - scale, offset + scale) from a seeded LCG. */
export function bf16(shape: number[], seed: number, scale: number, offset = 0): HostTensor {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Uint8Array(2 * n);
  const dv = new DataView(data.buffer);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    dv.setUint16(2 * i, toBFloat16Bits((s / 2 ** 31 - 1) * scale + offset), true);
  }
  return { dtype: 'bfloat16', shape, data };
}

export const toRt = (h: HostTensor): Tensor => Tensor.fromBuffer(h.data, { dtype: h.dtype as DType, shape: h.shape });

export function bf16Values(bytes: Uint8Array): Float64Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from({ length: bytes.byteLength / 2 }, (_, i) => fromBFloat16Bits(dv.getUint16(2 * i, true)));
}
