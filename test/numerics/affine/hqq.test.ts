import { expect } from 'chai';
import { hqqInt4 } from '../../../src/numerics/affine/hqq.js';
import { hqqScaleOnly } from '../../../src/numerics/affine/hqq-scale-only.js';
import { toFloat64 } from '../../../src/numerics/host-codec.js';
import { goldenCase } from '../golden-dir.js';

describe('HQQ', () => {
  it('int4 (tinygemm form): values in [0, 15] and scale/zero reconstruct the group range', () => {
    const w = Float64Array.from({ length: 64 }, (_, i) => Math.fround(Math.sin(i) * 0.1));
    const r = hqqInt4(w, 32);
    expect(Array.from(r.q).every((u) => u >= 0 && u <= 15)).to.equal(true);
    for (let g = 0; g < 2; g++) {
      const dq = Array.from(r.q.slice(g * 32, g * 32 + 32), (u) => (u - 8) * r.scale[g] + r.zero[g]);
      const err = dq.reduce((a, v, i) => a + Math.abs(v - w[g * 32 + i]), 0) / 32;
      expect(err).to.be.below(r.scale[g]); // a good fit: mean error under one step
    }
  });

  it('int4: an all-zero padding group gets the clamped multiplier 2e4 (scale 1/2e4) and q = 0', () => {
    const r = hqqInt4(new Float64Array(32), 32);
    expect(r.scale[0]).to.equal(Math.fround(1 / 2e4));
    expect(Array.from(r.q).every((u) => u === 0)).to.equal(true);
  });

  it('scale-only: reproduces golden prim__hqq_scale_only__a for int4, int3 and int8 ranges', () => {
    const c = goldenCase('prim__hqq_scale_only__a');
    const w = toFloat64(c.tensor('w'));
    for (const [qmin, qmax, g] of [[-8, 7, 32], [-4, 3, 16], [-128, 127, 32]]) {
      const r = hqqScaleOnly(w, g, qmin, qmax);
      expect(Array.from(r.q)).to.deep.equal(Array.from(toFloat64(c.tensor(`q.${qmin}_${qmax}.g${g}`))));
    }
    c.close();
  });

  it('scale-only: scales are positive and a zero group keeps fp32 eps', () => {
    const w = new Float64Array(64);
    w.fill(0.25, 32);
    const r = hqqScaleOnly(w, 32, -8, 7);
    expect(r.scale[0]).to.equal(2 ** -23);
    // constant 0.25: amax / 8 maps it to 8 -> clamped 7; least squares then gives 0.25 / 7
    expect(r.scale[1]).to.equal(Math.fround(0.25 / 7));
    expect(Array.from(r.q.slice(32)).every((q) => q === 7)).to.equal(true);
  });
});
