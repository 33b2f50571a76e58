import { expect } from 'chai';
import { blockOf, blockSizeFor, makeBlocks } from '../../../src/numerics/affine/blocks.js';

describe('quantization blocks', () => {
  it('maps granularities to torchao block sizes', () => {
    expect(blockSizeFor({ kind: 'PerTensor' }, [4, 8])).to.deep.equal([4, 8]);
    expect(blockSizeFor({ kind: 'PerRow', dim: -1 }, [4, 8])).to.deep.equal([1, 8]);
    expect(blockSizeFor({ kind: 'PerAxis', axis: 0 }, [4, 8])).to.deep.equal([1, 8]);
    expect(blockSizeFor({ kind: 'PerGroup', groupSize: 4 }, [4, 8])).to.deep.equal([1, 4]);
    expect(blockSizeFor({ kind: 'PerToken' }, [2, 3, 8])).to.deep.equal([1, 1, 8]);
    expect(blockSizeFor({ kind: 'PerBlock', blockSize: [2, 4] }, [4, 8])).to.deep.equal([2, 4]);
  });

  it('raises torchao assertions for indivisible groups and blocks', () => {
    expect(() => blockSizeFor({ kind: 'PerGroup', groupSize: 32 }, [32, 48])).to.throw('Last dimension of input 48 is not divisible by group size 32');
    expect(() => makeBlocks([4, 10], [1, 4])).to.throw('Expecting input size at 1 dimension: 10 to be divisible by block_size at 1 dimension: 4');
  });

  it('numbers blocks row-major over the scale shape', () => {
    const b = makeBlocks([2, 8], [1, 4]);
    expect(b.scaleShape).to.deep.equal([2, 2]);
    expect(Array.from({ length: 16 }, (_, i) => blockOf(b, i))).to.deep.equal([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
  });

  it('handles non-contiguous blocks (conv PerAxis(0): one block per (c_out, kh, kw))', () => {
    const b = makeBlocks([2, 3, 1, 2], [1, 3, 1, 1]);
    expect(b.ids).to.not.equal(null);
    expect(b.scaleShape).to.deep.equal([2, 1, 1, 2]);
    expect(Array.from({ length: 12 }, (_, i) => blockOf(b, i))).to.deep.equal([0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3]);
  });
});
