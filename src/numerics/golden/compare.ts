// Comparing our tensors with golden ones: bit for bit (NaN matches NaN, as the golden README
// asks), or within a per-element tolerance for outputs of float GEMMs.
import { numel, toFloat64 } from '../host-codec.js';
import type { HostTensor } from '../host-tensor.js';

export interface Check {
  /** Golden tensor name (or stage name) checked. */
  name: string;
  ok: boolean;
  /** Empty when ok; else what differs and where, first mismatch first. */
  detail: string;
}

function sameShape(a: HostTensor, b: HostTensor): boolean {
  return a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

function header(name: string, ours: HostTensor, golden: HostTensor): Check | null {
  if (ours.dtype !== golden.dtype) return { name, ok: false, detail: `dtype ${ours.dtype}, golden ${golden.dtype}` };
  if (!sameShape(ours, golden)) {
    return { name, ok: false, detail: `shape [${ours.shape.join(', ')}], golden [${golden.shape.join(', ')}]` };
  }
  return null;
}

/** Bit-exact comparison; NaN equals NaN whatever its payload. */
export function compareExact(name: string, ours: HostTensor, golden: HostTensor): Check {
  const bad = header(name, ours, golden);
  if (bad) return bad;
  if (ours.data.length === golden.data.length && ours.data.every((b, i) => b === golden.data[i])) {
    return { name, ok: true, detail: '' };
  }
  const a = toFloat64(ours);
  const b = toFloat64(golden);
  let count = 0;
  let first = -1;
  const width = ours.data.length / Math.max(1, numel(ours.shape));
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    const bytesEqual = ours.data.subarray(i * width, (i + 1) * width).every((v, j) => v === golden.data[i * width + j]);
    if (!bytesEqual) {
      count++;
      if (first < 0) first = i;
    }
  }
  if (count === 0) return { name, ok: true, detail: '' };
  return { name, ok: false, detail: `${count}/${a.length} elements differ; first at ${first}: ours ${a[first]}, golden ${b[first]}` };
}

/** |ours - golden| <= tol[i] elementwise (NaN only matches NaN; an infinity only itself). */
export function compareWithin(name: string, ours: HostTensor, golden: HostTensor, tol: Float64Array): Check {
  const bad = header(name, ours, golden);
  if (bad) return bad;
  const a = toFloat64(ours);
  const b = toFloat64(golden);
  let count = 0;
  let first = -1;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) {
      if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    } else if (a[i] === b[i] || Math.abs(a[i] - b[i]) <= tol[i]) {
      // (equal infinities first: their difference is NaN)
      continue;
    }
    count++;
    if (first < 0) first = i;
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / (tol[i] || Number.MIN_VALUE));
  }
  if (count === 0) return { name, ok: true, detail: '' };
  return {
    name,
    ok: false,
    detail: `${count}/${a.length} elements outside tolerance (worst ${worst.toPrecision(3)}x); first at ${first}: ours ${a[first]}, golden ${b[first]}, tol ${tol[first]}`,
  };
}
