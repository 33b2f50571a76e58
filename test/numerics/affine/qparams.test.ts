// choose_qparams_affine: the eps rules and the per-mapping formulas of spec §2.4, including
// the awkward rows (zero, constant, tiny) and int1's division by zero.
import { expect } from 'chai';
import { makeBlocks } from '../../../src/numerics/affine/blocks.js';
import { chooseQParamsAffine } from '../../../src/numerics/affine/qparams.js';

const row = (...v: number[]) => ({ x: Float64Array.from(v), blocks: makeBlocks([1, v.length], [1, v.length]) });

describe('choose_qparams_affine', () => {
  it('divides the symmetric range by (qmax - qmin) / 2: 127.5 for int8, 7.5 for int4', () => {
    const { x, blocks } = row(-1.5, 0.5, 0.75);
    expect(chooseQParamsAffine(x, 'float32', blocks, { mapping: 'SYMMETRIC', qmin: -128, qmax: 127 }).scale[0]).to.equal(Math.fround(1.5 / 127.5));
    expect(chooseQParamsAffine(x, 'float32', blocks, { mapping: 'SYMMETRIC', qmin: -8, qmax: 7 }).scale[0]).to.equal(Math.fround(1.5 / 7.5));
  });

  it('gives a zero row the eps scale: smallest normal by default, the given eps otherwise', () => {
    const { x, blocks } = row(0, 0, 0);
    expect(chooseQParamsAffine(x, 'bfloat16', blocks, { mapping: 'SYMMETRIC', qmin: -8, qmax: 7 }).scale[0]).to.equal(2 ** -126);
    expect(chooseQParamsAffine(x, 'float16', blocks, { mapping: 'ASYMMETRIC', qmin: -8, qmax: 7 }).scale[0]).to.equal(2 ** -14);
    expect(chooseQParamsAffine(x, 'float32', blocks, { mapping: 'SYMMETRIC', qmin: -128, qmax: 127, eps: 2 ** -23 }).scale[0]).to.equal(2 ** -23);
  });

  it('rounds bf16 scales to bf16 before casting them to a float32 scale dtype', () => {
    const { x, blocks } = row(1, -0.3);
    const qp = chooseQParamsAffine(x, 'bfloat16', blocks, { mapping: 'SYMMETRIC', qmin: -128, qmax: 127, scaleDtype: 'float32' });
    expect(qp.scale[0]).to.equal(0.00787353515625); // bf16(1 / 127.5 = 0.00784313...)
    expect(qp.scale[0]).to.not.equal(Math.fround(1 / 127.5));
  });

  it('widens the asymmetric range to include zero and clamps the zero point', () => {
    const { x, blocks } = row(2, 3, 5); // negative-free row: mn_neg = 0
    const qp = chooseQParamsAffine(x, 'float32', blocks, { mapping: 'ASYMMETRIC', qmin: -128, qmax: 127 });
    expect(qp.scale[0]).to.equal(Math.fround(5 / 255));
    expect(qp.zeroPoint[0]).to.equal(-128);
  });

  it('keeps SYMMETRIC zero points at the middle of the range (128 for uint8, 8 for uint4)', () => {
    const { x, blocks } = row(-1, 1);
    expect(chooseQParamsAffine(x, 'float32', blocks, { mapping: 'SYMMETRIC', qmin: 0, qmax: 255 }).zeroPoint[0]).to.equal(128);
    expect(chooseQParamsAffine(x, 'float32', blocks, { mapping: 'SYMMETRIC', qmin: 0, qmax: 15 }).zeroPoint[0]).to.equal(8);
  });

  it('SYMMETRIC_NO_CLIPPING_ERR takes the larger of min/qmin and max/qmax', () => {
    const { x, blocks } = row(-8, 6.5);
    expect(chooseQParamsAffine(x, 'float32', blocks, { mapping: 'SYMMETRIC_NO_CLIPPING_ERR', qmin: -8, qmax: 7 }).scale[0]).to.equal(1);
  });

  it('int1 with SYMMETRIC_NO_CLIPPING_ERR divides by qmax = 0: inf or NaN scales, as torchao', () => {
    const pos = row(0.5, -0.25);
    expect(chooseQParamsAffine(pos.x, 'float32', pos.blocks, { mapping: 'SYMMETRIC_NO_CLIPPING_ERR', qmin: -1, qmax: 0 }).scale[0]).to.equal(Infinity);
    const neg = row(-0.5, -0.25);
    expect(Number.isNaN(chooseQParamsAffine(neg.x, 'float32', neg.blocks, { mapping: 'SYMMETRIC_NO_CLIPPING_ERR', qmin: -1, qmax: 0 }).scale[0])).to.equal(true);
  });
});
