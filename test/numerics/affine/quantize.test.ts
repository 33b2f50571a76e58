// quantize_affine / dequantize_affine: every representable value of every integer element
// round-trips, ties go to even, and random tensors agree with independent float64 formulas.
import { expect } from 'chai';
import fc from 'fast-check';
import type { IntElement, MappingType } from '../../../src/ir/format.js';
import { makeBlocks } from '../../../src/numerics/affine/blocks.js';
import { chooseQParamsAffine } from '../../../src/numerics/affine/qparams.js';
import { dequantizeAffine, quantizeAffine } from '../../../src/numerics/affine/quantize.js';
import { intRange } from '../../../src/numerics/affine/ranges.js';
import { rounder } from '../../../src/numerics/affine/arith.js';

const ELEMENTS: IntElement[] = ['int1', 'int2', 'int3', 'int4', 'int5', 'int6', 'int7', 'int8', 'uint1', 'uint2', 'uint3', 'uint4', 'uint5', 'uint6', 'uint7', 'uint8'];

function grid(element: IntElement, scale: number, zero: number) {
  const { qmin, qmax } = intRange(element);
  const n = qmax - qmin + 1;
  const blocks = makeBlocks([1, n], [1, n]);
  const params = { blocks, scale: Float64Array.of(scale), scaleDtype: 'float32' as const, zeroPoint: Float64Array.of(zero), qmin, qmax };
  return { qmin, qmax, n, params };
}

describe('quantize_affine / dequantize_affine', () => {
  for (const element of ELEMENTS) {
    it(`${element}: every representable value round-trips and ties round to even`, () => {
      const scale = 2 ** -5;
      const zero = element.startsWith('u') ? Math.floor(intRange(element).qmax / 2) : 0;
      const { qmin, qmax, n, params } = grid(element, scale, zero);
      const codes = Float64Array.from({ length: n }, (_, i) => qmin + i);
      const x = codes.map((q) => (q - zero) * scale);
      expect(Array.from(quantizeAffine(x, 'float32', params))).to.deep.equal(Array.from(codes));
      expect(Array.from(dequantizeAffine(codes, 'float32', params))).to.deep.equal(Array.from(x));
      // exactly halfway between two codes: the even one wins (before adding the zero point)
      const ties = codes.map((q) => (q - zero + 0.5) * scale);
      const expected = codes.map((q) => Math.min(qmax, Math.max(qmin, (q - zero) % 2 === 0 ? q : q + 1)));
      expect(Array.from(quantizeAffine(ties, 'float32', params))).to.deep.equal(Array.from(expected));
      // one fp32 ulp either side of the tie rounds down / up
      const below = ties.map((t) => t - Math.abs(t) * 2 ** -23 - 2 ** -40);
      const above = ties.map((t) => t + Math.abs(t) * 2 ** -23 + 2 ** -40);
      expect(Array.from(quantizeAffine(below.map(Math.fround), 'float32', params))).to.deep.equal(Array.from(codes));
      expect(Array.from(quantizeAffine(above.map(Math.fround), 'float32', params))).to.deep.equal(Array.from(codes.map((q) => Math.min(qmax, q + 1))));
      // beyond the range: clamped
      expect(Array.from(quantizeAffine(Float64Array.of((qmax - zero + 3) * scale, (qmin - zero - 3) * scale, 0), 'float32', { ...params, blocks: makeBlocks([1, 3], [1, 3]) }))).to.deep.equal([qmax, qmin, zero]);
    });
  }

  it('multiplies by the bf16-rounded reciprocal for bf16 input and scale (not a division)', () => {
    // x / s = 5.4909 -> 5, but bf16(1/s) = 97.0 and bf16(x * 97) = 5.5 -> ties to 6
    const blocks = makeBlocks([1, 1], [1, 1]);
    const p = { blocks, scale: Float64Array.of(0.01031494140625), scaleDtype: 'bfloat16' as const, zeroPoint: Float64Array.of(0), qmin: -8, qmax: 7 };
    expect(quantizeAffine(Float64Array.of(0.056640625), 'bfloat16', p)[0]).to.equal(6);
    // with an fp32 scale the product is fp32: 5
    expect(quantizeAffine(Float64Array.of(0.056640625), 'bfloat16', { ...p, scaleDtype: 'float32' })[0]).to.equal(5);
  });

  const MAPPINGS: MappingType[] = ['SYMMETRIC', 'ASYMMETRIC', 'SYMMETRIC_NO_CLIPPING_ERR'];
  const fp32 = fc.float({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }).map(Math.fround);

  it('agrees with independent float64 formulas on random fp32 rows (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fp32, { minLength: 1, maxLength: 64 }),
        fc.constantFrom(...ELEMENTS.filter((e) => e !== 'int1' && e !== 'uint1')),
        fc.constantFrom(...MAPPINGS),
        (values, element, mapping) => {
          const { qmin, qmax } = intRange(element);
          if (mapping !== 'ASYMMETRIC' && qmin === 0) return; // symmetric needs a signed range
          const x = Float64Array.from(values);
          const blocks = makeBlocks([1, x.length], [1, x.length]);
          const qp = chooseQParamsAffine(x, 'float32', blocks, { mapping, qmin, qmax });
          const s = qp.scale[0];
          const z = qp.zeroPoint[0];
          const mnNeg = Math.min(0, ...values);
          const mxPos = Math.max(0, ...values);
          const eps = 2 ** -126;
          const s64 =
            mapping === 'SYMMETRIC' ? Math.max(-mnNeg, mxPos) / ((qmax - qmin) / 2)
            : mapping === 'ASYMMETRIC' ? (mxPos - mnNeg) / (qmax - qmin)
            : Math.max(mnNeg / qmin, mxPos / qmax);
          expect(Math.abs(s - Math.max(s64, eps))).to.be.at.most(Math.max(s64, eps) * 2 ** -22);
          const nearTie = (r: number) => Math.abs(Math.abs(r - Math.trunc(r)) - 0.5) < 1e-4;
          if (mapping === 'ASYMMETRIC' && !nearTie(mnNeg / s)) expect(z).to.equal(Math.min(qmax, Math.max(qmin, qmin - Math.round(mnNeg / s))));
          const q = quantizeAffine(x, 'float32', { blocks, ...qp, qmin, qmax });
          const dq = dequantizeAffine(q, 'float32', { blocks, ...qp, qmin, qmax });
          x.forEach((v, i) => {
            expect(Number.isInteger(q[i]) && q[i] >= qmin && q[i] <= qmax).to.equal(true);
            const r = v / s;
            if (!nearTie(r)) expect(q[i]).to.equal(Math.min(qmax, Math.max(qmin, Math.round(r) + z)));
            const bound = mapping === 'SYMMETRIC' ? s : s / 2;
            expect(Math.abs(dq[i] - v)).to.be.at.most(bound * (1 + 1e-5) + Math.abs(v) * 2 ** -22);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('bf16 rows: within one code of the float64 formula despite the bf16 reciprocal and product (property)', () => {
    const bf16 = (v: number) => rounder('bfloat16')(v);
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -100, max: 100, noNaN: true }).map(bf16), { minLength: 1, maxLength: 64 }),
        fc.constantFrom(...(['int2', 'int4', 'int8', 'uint4', 'uint8'] as IntElement[])),
        (values, element) => {
          const { qmin, qmax } = intRange(element);
          const mapping: MappingType = qmin === 0 ? 'ASYMMETRIC' : 'SYMMETRIC';
          const x = Float64Array.from(values);
          const blocks = makeBlocks([1, x.length], [1, x.length]);
          const qp = chooseQParamsAffine(x, 'bfloat16', blocks, { mapping, qmin, qmax });
          const s = qp.scale[0];
          const q = quantizeAffine(x, 'bfloat16', { blocks, ...qp, qmin, qmax });
          x.forEach((v, i) => {
            const exact = Math.min(qmax, Math.max(qmin, Math.round(v / s) + qp.zeroPoint[0]));
            expect(Math.abs(q[i] - exact)).to.be.at.most(1);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
