import { expect } from 'chai';
import fc from 'fast-check';
import { packInt4To4d, unpackInt4From4d } from '../../../src/numerics/formats/tile-packing.js';
import { packNibbles } from '../../../src/numerics/formats/nibbles.js';

describe('tinygemm 4-D int4 packing (_convert_weight_to_int4pack, innerKTiles 8)', () => {
  it('has shape [N/8, K/128, 32, 4] and puts lane 0 word 0 = k 0..1, 4..5, 8..9, 12..13 of row 0', () => {
    const N = 8;
    const K = 128;
    const u = new Uint8Array(N * K);
    for (let k = 0; k < K; k++) u[k] = k % 16; // row 0: k mod 16
    const t = packInt4To4d(packNibbles(u, 'even-high'), N, K);
    expect(t.shape).to.deep.equal([1, 1, 32, 4]);
    const word0 = new Int32Array(t.data.buffer)[0];
    // bytes v0 = k0,k1; v1 = k8,k9; v2 = k16,k17 (=0,1); v3 = k24,k25 (=8,9)
    // high nibbles (even k) in bits 0..15, low nibbles (odd k) in bits 16..31
    expect(word0 >>> 0).to.equal(((9 << 28) | (1 << 24) | (9 << 20) | (1 << 16) | (8 << 12) | (0 << 8) | (8 << 4) | 0) >>> 0);
  });

  it('unpack inverts pack (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }), fc.integer(), (nt, kt, seed) => {
        const [N, K] = [nt * 8, kt * 128];
        let s = seed >>> 0;
        const u = Uint8Array.from({ length: N * K }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 15);
        expect(Array.from(unpackInt4From4d(packInt4To4d(packNibbles(u, 'even-high'), N, K), N, K))).to.deep.equal(Array.from(u));
      }),
      { numRuns: 20 },
    );
  });

  it('requires N % 8 == 0 and K % 128 == 0', () => {
    expect(() => packInt4To4d(new Uint8Array(4 * 64), 4, 128)).to.throw(/multiple of 8/);
  });
});
