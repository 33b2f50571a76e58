// The qf tile layout contract: the device kernels pair the weight value at slice position e
// of lane (g, t) with activation k = kc*chunkK + perLane*t + e, and read e through the mma
// step/pair convention of weight_formats.cuh. These tests replay that convention on the host
// and check it computes the plain dot product, for random data.
import { expect } from 'chai';
import fc from 'fast-check';
import { BYTES8_TILE, INT4_TILE, sliceOffset, tileBytes8, tileInt4, unpackInt4Plain } from '../../../codegen/cuda/layout.js';

/** Values of one lane slice in the order the kernel's mma steps consume them (4 per step). */
function int4SliceInStepOrder(tile: Uint8Array, off: number): number[] {
  const dv = new DataView(tile.buffer, tile.byteOffset);
  const out: number[] = [];
  for (let step = 0; step < 8; step++) {
    const word = dv.getUint32(off + 4 * (step >> 1), true);
    const p = 2 * (step & 1);
    // unpack_biased: b0 = nibbles (p, p+4), b1 = nibbles (p+1, p+5); low half first.
    for (const q of [p, p + 1]) out.push((word >>> (4 * q)) & 0xf, (word >>> (4 * (q + 4))) & 0xf);
  }
  return out;
}

function dotThroughTile(u: Uint8Array, x: Float64Array, N: number, K: number): Float64Array {
  const tile = tileInt4(u, N, K);
  const y = new Float64Array(N);
  for (let nt = 0; nt < N / 8; nt++)
    for (let kc = 0; kc < K / 128; kc++)
      for (let lane = 0; lane < 32; lane++) {
        const vals = int4SliceInStepOrder(tile, sliceOffset(nt, kc, lane, K, INT4_TILE));
        const k0 = kc * 128 + (lane & 3) * 32;
        vals.forEach((v, e) => (y[nt * 8 + (lane >> 2)] += (v - 8) * x[k0 + e]));
      }
  return y;
}

describe('codegen/cuda qf tile layout', () => {
  it('int4: the kernel step order over the tile computes x . (u - 8) for every row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer(), (nTiles, kChunks, seed) => {
        const N = 8 * nTiles, K = 128 * kChunks;
        let s = seed >>> 0;
        const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
        const u = Uint8Array.from({ length: N * K }, () => Math.floor(rnd() * 16));
        const x = Float64Array.from({ length: K }, () => rnd() * 2 - 1);
        const y = dotThroughTile(u, x, N, K);
        for (let n = 0; n < N; n++) {
          let ref = 0;
          for (let k = 0; k < K; k++) ref += (u[n * K + k] - 8) * x[k];
          expect(y[n]).to.be.closeTo(ref, 1e-9);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('8-bit: each lane slice is 16 consecutive bytes of one weight row', () => {
    const N = 16, K = 128;
    const src = Uint8Array.from({ length: N * K }, (_, i) => (i * 37 + 11) & 0xff);
    const tile = tileBytes8(src, N, K);
    for (let nt = 0; nt < 2; nt++)
      for (let kc = 0; kc < 2; kc++)
        for (let lane = 0; lane < 32; lane++) {
          const off = sliceOffset(nt, kc, lane, K, BYTES8_TILE);
          const from = (nt * 8 + (lane >> 2)) * K + kc * 64 + (lane & 3) * 16;
          expect([...tile.subarray(off, off + 16)]).to.deep.equal([...src.subarray(from, from + 16)]);
        }
  });

  it('int4 plain qdata unpacks to offset-binary values (s = u - 8, even value low)', () => {
    // s = -8 and 7 -> byte 0x78; s = -1 and 0 -> byte 0x0F
    expect([...unpackInt4Plain(Uint8Array.of(0x78, 0x0f), 1, 4)]).to.deep.equal([0, 15, 7, 8]);
  });

  it('rejects shapes the kernels cannot tile, naming the constraint', () => {
    expect(() => tileInt4(new Uint8Array(8 * 64), 8, 64)).to.throw(/K % 128 == 0/);
    expect(() => tileBytes8(new Uint8Array(4 * 64), 4, 64)).to.throw(/N % 8 == 0/);
  });
});
