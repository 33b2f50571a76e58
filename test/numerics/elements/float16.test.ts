import { expect } from 'chai';
import {
  fromBFloat16Bits, toBFloat16Bits, roundBFloat16, fromFloat16Bits, toFloat16Bits,
} from '../../../src/numerics/elements/float16.js';

describe('bfloat16 and float16 conversions', () => {
  it('round-trips every bfloat16 bit pattern except NaN payloads', () => {
    for (let b = 0; b < 0x10000; b++) {
      const v = fromBFloat16Bits(b);
      if (Number.isNaN(v)) expect(Number.isNaN(fromBFloat16Bits(toBFloat16Bits(v)))).to.equal(true);
      else expect(toBFloat16Bits(v)).to.equal(b);
    }
  });

  it('rounds float32 to bfloat16 to nearest, ties to even', () => {
    // 1 + 2^-8 is exactly halfway between 1 and 1 + 2^-7: ties go to the even mantissa (1).
    expect(roundBFloat16(1 + 2 ** -8)).to.equal(1);
    expect(roundBFloat16(1 + 3 * 2 ** -8)).to.equal(1 + 2 * 2 ** -7);
    expect(roundBFloat16(1 + 2 ** -8 + 2 ** -20)).to.equal(1 + 2 ** -7);
    expect(roundBFloat16(3.4e38)).to.equal(Infinity);
  });

  it('round-trips every float16 bit pattern except NaN payloads', () => {
    for (let b = 0; b < 0x10000; b++) {
      const v = fromFloat16Bits(b);
      if (Number.isNaN(v)) continue;
      expect(toFloat16Bits(v), `bits ${b.toString(16)}`).to.equal(b);
    }
  });

  it('rounds to float16 at the boundaries as IEEE does', () => {
    expect(fromFloat16Bits(toFloat16Bits(65504))).to.equal(65504);
    expect(fromFloat16Bits(toFloat16Bits(65519.99))).to.equal(65504);
    expect(fromFloat16Bits(toFloat16Bits(65520))).to.equal(Infinity);
    expect(fromFloat16Bits(toFloat16Bits(2 ** -25))).to.equal(0); // tie to even (0)
    expect(fromFloat16Bits(toFloat16Bits(3 * 2 ** -25))).to.equal(2 ** -23);
    expect(fromFloat16Bits(toFloat16Bits(1 + 2 ** -11))).to.equal(1);
  });
});
