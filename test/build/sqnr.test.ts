import { expect } from 'chai';
import { sqnrDb } from '../../src/build/sqnr.js';
import { fromFloat64, toFloat64 } from '../../src/numerics/host-codec.js';

describe('build/sqnr', () => {
  const t = (values: number[], dtype: 'float32' | 'bfloat16' = 'float32') =>
    fromFloat64(values, dtype, [values.length]);

  it('is 10 log10(signal / noise)', () => {
    // signal 1+4 = 5, noise 0.25+0 = 0.25 -> 10 log10(20)
    expect(sqnrDb(t([1, 2]), t([1.5, 2]))).to.be.closeTo(10 * Math.log10(20), 1e-12);
  });

  it('is Infinity for an exact round trip and for an all-zero weight', () => {
    expect(sqnrDb(t([1, -2, 3]), t([1, -2, 3]))).to.equal(Infinity);
    expect(sqnrDb(t([0, 0]), t([0, 0]))).to.equal(Infinity);
  });

  it('gives the same answer across chunk boundaries as in one piece', () => {
    const n = (1 << 20) + 3;
    const a = Array.from({ length: n }, (_, i) => Math.sin(i));
    const b = a.map((x, i) => x + (i % 7 === 0 ? 1e-3 : 0));
    let s = 0;
    let e = 0;
    const fa = new Float32Array(a);
    const fb = new Float32Array(b);
    for (let i = 0; i < n; i++) {
      s += fa[i] * fa[i];
      e += (fa[i] - fb[i]) ** 2;
    }
    expect(sqnrDb(t(a), t(b))).to.be.closeTo(10 * Math.log10(s / e), 1e-9);
  });

  it('ignores non-finite original values and refuses mismatched sizes', () => {
    expect(sqnrDb(t([Infinity, 1]), t([Infinity, 0.5]))).to.be.closeTo(10 * Math.log10(4), 1e-12);
    expect(() => sqnrDb(t([1, 2]), t([1]))).to.throw(/2 original values vs 1 reconstructed/);
  });
});

describe('build/sqnr fast decoding', () => {
  it('agrees with the generic codec for bfloat16, float32 and float16, including unaligned views', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3 - 1e-3 * i);
    const noisy = values.map((v, i) => v * (1 + ((i % 5) - 2) * 1e-3));
    for (const dtype of ['bfloat16', 'float32', 'float16'] as const) {
      const a = fromFloat64(values, dtype, [values.length]);
      const b = fromFloat64(noisy, dtype, [noisy.length]);
      const fa = toFloat64(a);
      const fb = toFloat64(b);
      let s = 0;
      let e = 0;
      for (let i = 0; i < fa.length; i++) {
        s += fa[i] * fa[i];
        e += (fa[i] - fb[i]) ** 2;
      }
      expect(sqnrDb(a, b), dtype).to.be.closeTo(10 * Math.log10(s / e), 1e-9);
      // the same bytes at an odd offset take the generic path and agree
      const shift = (t: typeof a) => {
        const buf = new Uint8Array(t.data.length + 1);
        buf.set(t.data, 1);
        return { ...t, data: buf.subarray(1) };
      };
      expect(sqnrDb(shift(a), shift(b)), `${dtype} unaligned`).to.be.closeTo(10 * Math.log10(s / e), 1e-9);
    }
  });
});
