// mslk's `quantize_fp8_row` (torchao-semantics.md §3.4.5), the activation quantizer of the
// MSLK kernel path: per-row amax floored at 1/512, e4m3.
//
// Follows the fbgemm/mslk triton kernel: `a_scale = 448 / amax` (fp32), `q = clamp(x * a_scale)`,
// and the stored scale is `1 / a_scale` — a reciprocal multiply, not a division, and the scale
// is fp32 (not rounded to the input dtype). A zero row gives scale 1/229376 and q = 0.
// No golden covers this path (mslk was unavailable to the golden generator).
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import { FLOAT8_E4M3FN } from '../elements/float8.js';
import { readFloats, writeFloats } from './float-values.js';

const EPS = 1 / 512;
const MAX = 448;

export function float8RowMslk(x: HostTensor): QuantizedWeight {
  const values = readFloats(x, 'float8_row_mslk activation');
  const k = x.shape[x.shape.length - 1];
  const rows = values.length / k;
  const qdata = new Uint8Array(values.length);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let amax = 0;
    for (let i = r * k; i < (r + 1) * k; i++) amax = Math.max(amax, Math.abs(values[i]));
    const inv = Math.fround(MAX / Math.max(amax, EPS));
    scale[r] = Math.fround(1 / inv);
    for (let i = r * k; i < (r + 1) * k; i++) {
      const v = Math.min(MAX, Math.max(-MAX, Math.fround(values[i] * inv)));
      qdata[i] = FLOAT8_E4M3FN.encode(v);
    }
  }
  return {
    tensors: {
      qdata: { dtype: 'float8_e4m3fn', shape: [...x.shape], data: qdata },
      scale: writeFloats(scale, 'float32', [...x.shape.slice(0, -1), 1]),
    },
    attributes: { block_size: [...x.shape.slice(0, -1).map(() => 1), k], dtype: x.dtype },
  };
}
