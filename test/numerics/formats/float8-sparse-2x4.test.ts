// 2:4 sparse float8: pruning (WeightNormSparsifier, torch.topk tie-breaking), per-row fp8 of
// the pruned weight, compression into kept values + 2-bit indices and back, and the linear.
import { expect } from 'chai';
import fc from 'fast-check';
import { dequantizeWeight, quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { sparse2x4Stages, sparse2x4ToDense } from '../../../src/numerics/formats/float8-sparse-2x4.js';
import { nthElementSmallest2 } from '../../../src/numerics/formats/prune-2x4.js';
import { compress2x4, decompress2x4 } from '../../../src/numerics/formats/sparse-2x4-compress.js';
import { readFloats, writeFloats } from '../../../src/numerics/formats/float-values.js';
import { toFloat64 } from '../../../src/numerics/host-codec.js';
import type { FormatSpec } from '../../../src/ir/format.js';
import { goldenCaseIds, loadGoldenCase } from './golden-case.js';
import { specFromConfig } from './golden-spec.js';
import { expectExact } from './compare.js';

describe('float8 2:4 sparse against the torchao stage goldens', () => {
  const ids = goldenCaseIds(/^float8_sparse_2x4__/);
  if (ids.length === 0) it.skip('golden folder not found');
  for (const id of ids) {
    it(`${id}: pruned weight, keep mask, row scales and dense fp8 data bit-exact; compression round-trips`, () => {
      const c = loadGoldenCase(id);
      const spec = specFromConfig(c.manifest.config?.config_to_dict);
      if (spec.weight.layout !== 'float8_sparse_2x4') throw new Error('not a sparse spec');
      const w = c.tensor('weight');
      const s = sparse2x4Stages(spec.weight, w);
      expectExact(s.pruned, c.tensor('pruned_weight'), `${id} pruned_weight`);
      expect(Array.from(s.keep), `${id} keep_mask`).to.deep.equal(Array.from(c.tensor('keep_mask').data));
      expectExact(s.scale, c.tensor('rowwise_scale'), `${id} rowwise_scale`);
      expectExact(s.qdataDense, c.tensor('rowwise_qdata_dense'), `${id} rowwise_qdata_dense`);
      const q = quantizeWeight(spec, w);
      const [n, k] = w.shape;
      expect(q.tensors.qdata.shape).to.deep.equal([n, k / 2]);
      expect(q.tensors.sparse_metadata.shape).to.deep.equal([n, k / 8]);
      // dropped positions come back as +0: the sign of a pruned -0 is not stored
      const golden = c.tensor('rowwise_qdata_dense').data.map((b, i) => (s.keep[i] ? b : 0));
      expect(Array.from(sparse2x4ToDense(spec.weight, q).tensors.qdata.data), `${id} decompressed`).to.deep.equal(Array.from(golden));
    });
  }
});

describe('2:4 pruning tie-breaking (torch.topk k=2, largest=False on CPU)', () => {
  it('zeroes the last two of four equal values, and the first of a tie for second place', () => {
    expect(nthElementSmallest2(1, 1, 1, 1)).to.equal(0b1100);
    expect(nthElementSmallest2(0.1, 0.5, 0.5, 2)).to.equal(0b0011);
    expect(nthElementSmallest2(NaN, 1, 2, 3)).to.equal(0b0110); // NaN counts as largest
  });
  it('always picks two values no larger than the other two', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 4, maxLength: 4 }), (v) => {
      const m = nthElementSmallest2(v[0], v[1], v[2], v[3]);
      const picked = [0, 1, 2, 3].filter((i) => m & (1 << i)).map((i) => v[i]);
      const rest = [0, 1, 2, 3].filter((i) => !(m & (1 << i))).map((i) => v[i]);
      expect(picked.length).to.equal(2);
      expect(Math.max(...picked)).to.be.at.most(Math.min(...rest));
    }), { numRuns: 500 });
  });
});

describe('2:4 compression', () => {
  it('round-trips any keep pattern and stores indices low-first, even group in the low nibble', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 4, maxLength: 4 }), fc.uint8Array({ minLength: 8, maxLength: 8 }), (pattern, bytes) => {
      const pairs = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]];
      const keep = new Uint8Array(8), dense = new Uint8Array(8);
      for (let g = 0; g < 2; g++) for (const i of pairs[pattern[g]]) { keep[g * 4 + i] = 1; dense[g * 4 + i] = bytes[g * 4 + i]; }
      const c = compress2x4(dense, keep, 8);
      expect(Array.from(decompress2x4(c, 8))).to.deep.equal(Array.from(dense));
      const [a0, a1] = pairs[pattern[0]], [b0, b1] = pairs[pattern[1]];
      expect(c.metadata[0]).to.equal(a0 | (a1 << 2) | ((b0 | (b1 << 2)) << 4));
    }), { numRuns: 300 });
  });
  it('refuses K not a multiple of 8 and corrupt metadata', () => {
    expect(() => compress2x4(new Uint8Array(4), new Uint8Array([1, 1, 0, 0]), 4)).to.throw(/multiple of 8/);
    expect(() => decompress2x4({ values: new Uint8Array(4), metadata: new Uint8Array([0x00]) }, 8)).to.throw(/must be increasing/);
  });
});

describe('float8 2:4 sparse layouts end to end', () => {
  const w = writeFloats(Float32Array.from({ length: 16 * 32 }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7))), 'bfloat16', [16, 32]);
  const x = writeFloats(Float32Array.from({ length: 3 * 32 }, (_, i) => Math.cos(i * 0.11)), 'bfloat16', [3, 32]);
  for (const metadata of ['2d', '1d'] as const) {
    it(`${metadata}: dequantize equals the pruned, quantized weight; linear matches a float64 formula`, () => {
      const spec: FormatSpec = {
        weight: { layout: 'float8_sparse_2x4', element: 'float8_e4m3fn', metadata, granularity: metadata === '1d' ? { kind: 'PerTensor' } : { kind: 'PerRow', dim: -1 } },
        activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: metadata === '1d' ? { kind: 'PerTensor' } : { kind: 'PerRow', dim: -1 }, lowerBound: null, upperBound: null },
        linear: { kind: 'sparse_scaled_mm' },
      };
      const q = quantizeWeight(spec, w);
      if (metadata === '1d') expect(q.tensors.packed.shape).to.deep.equal([16 * 16 + 16 * 4]);
      const wd = readFloats(dequantizeWeight(spec, q, 'float32'), 'wd');
      const pruned = readFloats(sparse2x4Stages(spec.weight as never, w).pruned, 'p');
      for (let i = 0; i < wd.length; i++) {
        expect(wd[i] === 0, `zero pattern at ${i}`).to.equal(pruned[i] === 0);
        expect(Math.abs(wd[i] - pruned[i])).to.be.at.most(Math.abs(pruned[i]) / 8); // e4m3: 3 mantissa bits
      }
      const y = toFloat64(referenceLinear(spec, x, q, null));
      const xv = readFloats(x, 'x');
      for (let m = 0; m < 3; m++) for (let j = 0; j < 16; j++) {
        let ref = 0, mag = 0;
        for (let t = 0; t < 32; t++) { ref += xv[m * 32 + t] * wd[j * 32 + t]; mag += Math.abs(xv[m * 32 + t] * wd[j * 32 + t]); }
        expect(Math.abs(y[m * 16 + j] - ref)).to.be.at.most(mag / 8); // activation fp8 error only
      }
    });
  }
});
