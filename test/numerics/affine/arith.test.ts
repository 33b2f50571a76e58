import { expect } from 'chai';
import { clamp, divScalar, promoteFloat, rne, rounder, truncToInt } from '../../../src/numerics/affine/arith.js';

describe('arithmetic in a dtype', () => {
  it('rne rounds halves to even for both signs, like torch.round', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 7.5, 127.5, -127.5].map(rne)).to.deep.equal([0, 2, 2, -0, -2, -2, 8, 128, -128]);
    expect(rne(2.5000001)).to.equal(3);
    expect(rne(2.4999999)).to.equal(2);
    expect(rne(Infinity)).to.equal(Infinity);
    expect(rne(-Infinity)).to.equal(-Infinity);
    expect(Number.isNaN(rne(NaN))).to.equal(true);
  });

  it('clamp keeps NaN (torch.clamp propagates it)', () => {
    expect(Number.isNaN(clamp(NaN, -8, 7))).to.equal(true);
    expect(clamp(9, -8, 7)).to.equal(7);
    expect(clamp(-Infinity, -8, 7)).to.equal(-8);
  });

  it('a NaN cast to an integer dtype gives the x86 cvttss2si value', () => {
    expect(truncToInt(NaN)).to.equal(-(2 ** 31));
    expect(truncToInt(-7.9)).to.equal(-7);
  });

  it('bf16 rounding goes through fp32 and ties to even at the bf16 boundary', () => {
    const R = rounder('bfloat16');
    expect(R(1 + 2 ** -8)).to.equal(1); // halfway between 1 and 1+2^-7: even mantissa wins
    expect(R(1 + 3 * 2 ** -8)).to.equal(1 + 2 ** -6);
    expect(R(1 + 2 ** -8 + 2 ** -20)).to.equal(1 + 2 ** -7);
    // the exact value first rounds to fp32 (losing 2^-30), then ties to even: double rounding
    expect(R(1 + 2 ** -8 + 2 ** -30)).to.equal(1);
  });

  it('fp16 rounding saturates to inf past 65520 and keeps subnormals', () => {
    const R = rounder('float16');
    expect(R(65519)).to.equal(65504);
    expect(R(65520)).to.equal(Infinity);
    expect(R(2 ** -24)).to.equal(2 ** -24);
    expect(R(2 ** -26)).to.equal(0);
  });

  it('fp32 rounding is Math.fround and float64 is the identity', () => {
    expect(rounder('float32')(0.1)).to.equal(Math.fround(0.1));
    expect(rounder('float64')(0.1)).to.equal(0.1);
  });

  it('promotes like torch.promote_types for float dtypes', () => {
    expect(promoteFloat('bfloat16', 'bfloat16')).to.equal('bfloat16');
    expect(promoteFloat('bfloat16', 'float32')).to.equal('float32');
    expect(promoteFloat('bfloat16', 'float16')).to.equal('float32');
  });

  it('tensor / number divides on CPU but multiplies by the fp32 reciprocal on CUDA', () => {
    const v = Math.fround(3 / 977);
    expect(Math.fround(divScalar(v, 15, 'cpu'))).to.equal(Math.fround(v / 15));
    expect(Math.fround(divScalar(v, 15, 'cuda'))).to.equal(Math.fround(v * Math.fround(1 / 15)));
    expect(Math.fround(divScalar(v, 15, 'cuda'))).to.not.equal(Math.fround(v / 15)); // one ulp apart
    expect(Number.isNaN(divScalar(0, 0, 'cuda'))).to.equal(true);
  });
});
