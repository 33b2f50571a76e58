import { expect } from 'chai';
import fc from 'fast-check';
import { packNibbles, signedNibble, unpackNibbles } from '../../../src/numerics/formats/nibbles.js';

describe('nibble packing orders', () => {
  it('even-low: byte = c[2j] | c[2j+1] << 4 (MX, NVFP4, mslk pack_int4)', () => {
    expect(Array.from(packNibbles([0x1, 0x2, 0xf, 0x0], 'even-low'))).to.deep.equal([0x21, 0x0f]);
  });

  it('even-high: byte = c[2j] << 4 | c[2j+1] (the tinygemm pre-pack)', () => {
    expect(Array.from(packNibbles([0x1, 0x2, 0xf, 0x0], 'even-high'))).to.deep.equal([0x12, 0xf0]);
  });

  it('packs signed int4 as two\'s-complement nibbles and reads them back', () => {
    expect(Array.from(packNibbles([-8, 7, -1, 0], 'even-low'))).to.deep.equal([0x78, 0x0f]);
    expect([0x8, 0x7, 0xf, 0x0].map(signedNibble)).to.deep.equal([-8, 7, -1, 0]);
  });

  it('unpack inverts pack in both orders (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 64 }).filter((a) => a.length % 2 === 0), fc.constantFrom('even-low' as const, 'even-high' as const), (codes, order) => {
        expect(Array.from(unpackNibbles(packNibbles(codes, order), order))).to.deep.equal(codes);
      }),
    );
  });

  it('refuses an odd number of codes', () => {
    expect(() => packNibbles([1, 2, 3], 'even-low')).to.throw(/3 codes/);
  });
});
