import { expect } from 'chai';
import type { IntElement } from '../../../src/ir/format.js';
import { int8Range, intRange } from '../../../src/numerics/affine/ranges.js';

describe('integer element ranges (torchao _DTYPE_TO_QVALUE_BOUNDS)', () => {
  const expected: [IntElement, number, number][] = [
    ['int1', -1, 0], ['int2', -2, 1], ['int3', -4, 3], ['int4', -8, 7],
    ['int5', -16, 15], ['int6', -32, 31], ['int7', -64, 63], ['int8', -128, 127],
    ['uint1', 0, 1], ['uint2', 0, 3], ['uint3', 0, 7], ['uint4', 0, 15],
    ['uint5', 0, 31], ['uint6', 0, 63], ['uint7', 0, 127], ['uint8', 0, 255],
  ];
  for (const [element, qmin, qmax] of expected) {
    it(`${element} is [${qmin}, ${qmax}]`, () => {
      expect(intRange(element)).to.deep.equal({ qmin, qmax });
    });
  }

  it('rejects names that are not int1..int8 / uint1..uint8', () => {
    expect(() => intRange('int9' as IntElement)).to.throw(/int9/);
    expect(() => intRange('int16' as IntElement)).to.throw(/unsupported/);
  });

  it("Int8Tensor's reduce_range halves int8 to [-64, 63]", () => {
    expect(int8Range(true)).to.deep.equal({ qmin: -64, qmax: 63 });
    expect(int8Range(false)).to.deep.equal({ qmin: -128, qmax: 127 });
  });
});
