import { expect } from 'chai';
import fc from 'fast-check';
import { torchSumF32 } from '../../../src/numerics/affine/torch-sum.js';

describe("torch.sum's CPU fp32 summation order", () => {
  it('is exact when every partial sum is representable', () => {
    const v = Array.from({ length: 37 }, (_, i) => i - 10);
    expect(torchSumF32(v, 0, v.length)).to.equal(v.reduce((a, b) => a + b, 0));
  });

  it('sums lane by lane: 2^24 plus 8 ones in one lane loses them, spread over lanes it does not', () => {
    // 32 values = 4 vectors of 8 lanes; lane 0 of each vector holds 2^24 or 1
    const big = new Float64Array(32);
    big[0] = 2 ** 24;
    for (let k = 1; k < 4; k++) big[k * 8] = 1; // same lane: 2^24 + 1 + 1 + 1, each rounds back
    expect(torchSumF32(big, 0, 32)).to.equal(2 ** 24);
    const spread = new Float64Array(32);
    spread[0] = 2 ** 24;
    spread[1] = 1; spread[2] = 1; // other lanes: added at the end to the running total one by one
    expect(torchSumF32(spread, 0, 32)).to.equal(2 ** 24); // (0 + 2^24) + 1 -> 2^24, + 1 -> 2^24
  });

  it('stays within n ulps of the exact sum (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -100, max: 100, noNaN: true }).map(Math.fround), { minLength: 1, maxLength: 100 }), (v) => {
        const exact = v.reduce((a, b) => a + b, 0);
        const bound = v.reduce((a, b) => a + Math.abs(b), 0) * v.length * 2 ** -24;
        expect(Math.abs(torchSumF32(v, 0, v.length) - exact)).to.be.at.most(bound + 1e-30);
      }),
    );
  });
});
