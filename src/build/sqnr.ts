// Weight SQNR: how much of a weight survives quantization, in dB.
//   SQNR = 10 log10( sum w^2 / sum (w - dequant(quant(w)))^2 )
// Computed at build time (inspect reads it from the manifest: the original weights are gone
// by then). Infinity when the round trip is exact; NaN-free for an all-zero weight (Infinity).
import type { HostTensor } from '../numerics/host-tensor.js';
import { toFloat64 } from '../numerics/host-codec.js';

export function sqnrDb(original: HostTensor, reconstructed: HostTensor): number {
  const a = toFloat64(original);
  const b = toFloat64(reconstructed);
  if (a.length !== b.length) throw new Error(`sqnr: ${a.length} original values vs ${b.length} reconstructed`);
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) continue; // inf/NaN weights carry no signal to compare
    signal += a[i] * a[i];
    const d = a[i] - b[i];
    noise += d * d;
  }
  if (noise === 0) return Infinity;
  return 10 * Math.log10(signal / noise);
}
