import { expect } from 'chai';
import { chooseQParamsTinygemm, dequantizeTinygemm, quantizeTinygemm } from '../../../src/numerics/affine/tinygemm.js';
import { toFloat64 } from '../../../src/numerics/host-codec.js';
import { goldenCase } from '../golden-dir.js';

describe('tinygemm float-zero affine (uint4, zero not preserved)', () => {
  it('maps the raw group min to 0 and max to 15, with zero = min + 8 scale', () => {
    const x = Float64Array.of(1, 2.5, 4);
    const p = chooseQParamsTinygemm(x, 'float32', 3, 0, 15);
    expect(p.scale[0]).to.equal(Math.fround(3 / 15));
    expect(p.zero[0]).to.equal(Math.fround(1 + Math.fround(p.scale[0] * 8)));
    expect(Array.from(quantizeTinygemm(x, 'float32', p, 3, 0, 15))).to.deep.equal([0, 8, 15]);
  });

  it('gives an all-zero (padding) group scale = smallest normal and zero = 8 * scale', () => {
    const p = chooseQParamsTinygemm(new Float64Array(4), 'bfloat16', 4, 0, 15);
    expect(p.scale[0]).to.equal(2 ** -126);
    expect(p.zero[0]).to.equal(2 ** -123);
    expect(Array.from(dequantizeTinygemm(quantizeTinygemm(new Float64Array(4), 'bfloat16', p, 4, 0, 15), 'bfloat16', p, 4, 0, 15))).to.deep.equal([0, 0, 0, 0]);
  });

  it('reproduces golden prim__tinygemm_affine__a (bf16, g32) bit for bit', () => {
    const c = goldenCase('prim__tinygemm_affine__a');
    const w = toFloat64(c.tensor('w.bfloat16'));
    const p = chooseQParamsTinygemm(w, 'bfloat16', 32, 0, 15);
    expect(Array.from(p.scale)).to.deep.equal(Array.from(toFloat64(c.tensor('bfloat16.g32.scale'))));
    expect(Array.from(p.zero)).to.deep.equal(Array.from(toFloat64(c.tensor('bfloat16.g32.zero'))));
    const q = quantizeTinygemm(w, 'bfloat16', p, 32, 0, 15);
    expect(Array.from(q)).to.deep.equal(Array.from(toFloat64(c.tensor('bfloat16.g32.q'))));
    c.close();
  });
});
