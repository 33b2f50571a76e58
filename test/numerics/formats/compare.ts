// Test helper: bit-exact and tolerance comparisons of HostTensors, with messages naming the
// tensor and the first mismatching index.
import { expect } from 'chai';
import type { HostTensor } from '../../../src/numerics/host-tensor.js';
import { toFloat64 } from '../../../src/numerics/host-codec.js';

const FLOAT8_NAN: Record<string, ((b: number) => boolean) | undefined> = {
  float8_e4m3fn: (b) => (b & 0x7f) === 0x7f,
  float8_e5m2: (b) => (b & 0x7f) > 0x7c,
};

const FLOAT = new Set(['float32', 'bfloat16', 'float16', 'float64']);

/** Same dtype and shape; bytes equal (float dtypes: values equal, NaN matching NaN). */
export function expectExact(actual: HostTensor, expected: HostTensor, what: string): void {
  expect(actual.dtype, `${what}: dtype`).to.equal(expected.dtype);
  expect(actual.shape, `${what}: shape`).to.deep.equal(expected.shape);
  if (FLOAT.has(expected.dtype)) {
    const a = toFloat64(actual), e = toFloat64(expected);
    let bad = 0, first = -1;
    for (let i = 0; i < e.length; i++) {
      if (!(Object.is(a[i], e[i]) || (a[i] !== a[i] && e[i] !== e[i]))) { bad++; if (first < 0) first = i; }
    }
    expect(bad, `${what}: ${bad} of ${e.length} values differ, first at ${first}: ${a[first]} vs ${e[first]}`).to.equal(0);
    return;
  }
  const nan = FLOAT8_NAN[expected.dtype];
  let bad = 0, first = -1;
  for (let i = 0; i < expected.data.length; i++) {
    const x = actual.data[i], y = expected.data[i];
    // NaN == NaN: its sign is the device's (x86 0/0 gives -NaN, CUDA +NaN)
    if (x !== y && !(nan && nan(x) && nan(y))) { bad++; if (first < 0) first = i; }
  }
  expect(bad, `${what}: ${bad} of ${expected.data.length} bytes differ, first at ${first}: ${actual.data[first]} vs ${expected.data[first]}`).to.equal(0);
}

/**
 * |y - ref| <= ulps · eps(dtype) · Σ_k |x_k||w_k| + eps(dtype)·|ref| per output, NaN matching
 * NaN: a float GEMM's summation order moves results by a few ulps of that bound.
 */
export function expectLinearClose(
  actual: HostTensor, expected: HostTensor, x: Float64Array, w: Float64Array, k: number, ulps: number, what: string,
): void {
  expect(actual.dtype, `${what}: dtype`).to.equal(expected.dtype);
  expect(actual.shape, `${what}: shape`).to.deep.equal(expected.shape);
  const eps = expected.dtype === 'float32' ? 2 ** -23 : expected.dtype === 'bfloat16' ? 2 ** -8 : 2 ** -11;
  const a = toFloat64(actual), e = toFloat64(expected);
  const n = e.length / (x.length / k);
  for (let i = 0; i < e.length; i++) {
    const m = Math.floor(i / n), j = i % n;
    if (e[i] !== e[i]) { expect(a[i] !== a[i], `${what}[${i}]: expected NaN, got ${a[i]}`).to.equal(true); continue; }
    let mag = 0;
    for (let t = 0; t < k; t++) mag += Math.abs(x[m * k + t] * w[j * k + t]);
    const tol = ulps * eps * mag + eps * Math.abs(e[i]);
    expect(Math.abs(a[i] - e[i]), `${what}[${i}] = ${a[i]}, expected ${e[i]} (tolerance ${tol})`).to.be.at.most(tol);
  }
}
