import { expect } from 'chai';
import fc from 'fast-check';
import { parseShard, shardSlice } from '../../src/build/partition.js';

describe('build/partition: --shard i/N', () => {
  it('parses i/N and refuses anything else, saying what it expects', () => {
    expect(parseShard('2/8')).to.deep.equal({ index: 2, count: 8 });
    for (const bad of ['0/2', '3/2', '1/0', 'x', '1/2/3', '-1/2'])
      expect(() => parseShard(bad), bad).to.throw(/--shard expects i\/N with 1 <= i <= N/);
  });

  it('slices are disjoint, cover everything and are contiguous in model order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { maxLength: 60 }), fc.integer({ min: 1, max: 9 }), (bytes, count) => {
        const slices = Array.from({ length: count }, (_, i) => shardSlice(bytes, { index: i + 1, count }));
        expect(slices.flat()).to.deep.equal(bytes.map((_, i) => i)); // concatenation in shard order = model order
      }),
      { numRuns: 300 },
    );
  });

  it('balances by bytes, not by count', () => {
    const bytes = [100, 1, 1, 1, 1, 1, 1, 1, 1, 100];
    expect(shardSlice(bytes, { index: 1, count: 2 })).to.deep.equal([0, 1, 2, 3, 4]);
    expect(shardSlice(bytes, { index: 2, count: 2 })).to.deep.equal([5, 6, 7, 8, 9]);
    expect(shardSlice([1000, 1, 1], { index: 2, count: 2 })).to.deep.equal([1, 2]);
  });
});
