// Weight SQNR: how much of a weight survives quantization, in dB.
//   SQNR = 10 log10( sum w^2 / sum (w - dequant(quant(w)))^2 )
// Computed at build time (inspect reads it from the manifest: the original weights are gone
// by then). Infinity when the round trip is exact (an all-zero weight included).
// Decoded in chunks of CHUNK elements, so it adds two small float64 buffers to the build's
// memory, not two copies of the weight.
import type { HostTensor } from '../numerics/host-tensor.js';
import { bytesPerElement, toFloat64 } from '../numerics/host-codec.js';

const CHUNK = 1 << 20;

export function sqnrDb(original: HostTensor, reconstructed: HostTensor): number {
  const n = original.shape.reduce((a, b) => a * b, 1);
  const m = reconstructed.shape.reduce((a, b) => a * b, 1);
  if (n !== m) throw new Error(`sqnr: ${n} original values vs ${m} reconstructed`);
  let signal = 0;
  let noise = 0;
  const bufA = new Float64Array(Math.min(CHUNK, n));
  const bufB = new Float64Array(Math.min(CHUNK, n));
  for (let at = 0; at < n; at += CHUNK) {
    const len = Math.min(CHUNK, n - at);
    const a = decode(slice(original, at, len), bufA);
    const b = decode(slice(reconstructed, at, len), bufB);
    for (let i = 0; i < len; i++) {
      if (!Number.isFinite(a[i])) continue; // inf/NaN weights carry no signal to compare
      signal += a[i] * a[i];
      const d = a[i] - b[i];
      noise += d * d;
    }
  }
  if (noise === 0) return Infinity;
  return 10 * Math.log10(signal / noise);
}

/** Elements [at, at + len) of a contiguous tensor, as a 1-D view without copying. */
function slice(t: HostTensor, at: number, len: number): HostTensor {
  const b = bytesPerElement(t.dtype);
  return { dtype: t.dtype, shape: [len], data: t.data.subarray(at * b, (at + len) * b) };
}

/**
 * Values of a chunk as float64, into `buf`. float32 and bfloat16 (nearly every weight) are
 * widened here with typed arrays, several times faster than the generic codec; other dtypes
 * go through toFloat64.
 */
function decode(t: HostTensor, buf: Float64Array): Float64Array {
  const n = t.shape[0];
  const { data } = t;
  if (t.dtype === 'float32' && data.byteOffset % 4 === 0) {
    const f = new Float32Array(data.buffer, data.byteOffset, n);
    for (let i = 0; i < n; i++) buf[i] = f[i];
    return buf;
  }
  if (t.dtype === 'bfloat16' && data.byteOffset % 2 === 0) {
    const h = new Uint16Array(data.buffer, data.byteOffset, n);
    const u = new Uint32Array(1);
    const f = new Float32Array(u.buffer);
    for (let i = 0; i < n; i++) {
      u[0] = h[i] << 16;
      buf[i] = f[0];
    }
    return buf;
  }
  return toFloat64(t);
}
