import { expect } from 'chai';
import type { FormatSpec } from '../../../src/ir/format.js';
import { fromFloat64, toFloat64 } from '../../../src/numerics/host-codec.js';
import { tilePackedStages } from '../../../src/numerics/formats/int4-tile-packed.js';
import { dequantizeWeight, quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { goldenCase } from '../golden-dir.js';

const plain = (mapping: 'asymmetric' | 'symmetric', groupSize: number): FormatSpec => ({
  weight: { layout: 'int4_plain', groupSize, mapping },
  activation: null,
  linear: { kind: 'mslk_int4' },
});
const tile = (qparams: 'tinygemm' | 'hqq', groupSize: number): FormatSpec => ({
  weight: { layout: 'int4_tile_packed_to_4d', groupSize, qparams, ntile: 8 },
  activation: null,
  linear: { kind: 'tinygemm_int4' },
});

describe('Int4Tensor (plain)', () => {
  it('asymmetric: min -> -8, max -> 7, scales transposed to [K/g, N] in the weight dtype', () => {
    const w = fromFloat64([0, 1.5, 3, 0.2, 0, 0, 0, 0], 'bfloat16', [2, 4]);
    const q = quantizeWeight(plain('asymmetric', 4), w);
    expect(q.tensors.qdata.shape).to.deep.equal([2, 2]);
    expect(q.tensors.scale.shape).to.deep.equal([1, 2]);
    expect(q.tensors.scale.dtype).to.equal('bfloat16');
    // row 0: u = 0, 7.5 -> 8, 15, 1 (0.2 / 0.2 = 1); s = u - 8; even element in the low nibble
    expect(Array.from(q.tensors.qdata.data.slice(0, 2))).to.deep.equal([(0x8) | (0x0 << 4), (0x7) | (0x9 << 4)]);
  });

  it('symmetric (float8-act int4): divides by 8 so +amax clamps to 7 and the last group may be short', () => {
    const w = fromFloat64([8, -8, 4, 2, 1, 0], 'float32', [1, 6]);
    const q = quantizeWeight(plain('symmetric', 4), w);
    expect(q.tensors.scale.shape).to.deep.equal([2, 1]);
    expect(Array.from(toFloat64(q.tensors.zero_point))).to.deep.equal([0, 0]);
    // group 2 = [1, 0]: scale 1/8, so 1 -> 8 -> clamped 7 -> 0.875
    expect(Array.from(toFloat64(dequantizeWeight(plain('symmetric', 4), q, 'float32')))).to.deep.equal([7, -8, 4, 2, 0.875, 0]);
  });

  it('matches golden int4_weight_only__plain__g32__bfloat16__a', () => {
    const c = goldenCase('int4_weight_only__plain__g32__bfloat16__a');
    const q = quantizeWeight(plain('asymmetric', 32), c.tensor('weight'));
    for (const name of ['qdata', 'scale', 'zero_point']) expect(q.tensors[name].data, name).to.deep.equal(c.tensor(`qweight.${name}`).data);
    c.close();
  });

  it('on CUDA divides by 15 as a multiplication by fp32(1/15) (golden gpu__ case)', () => {
    const c = goldenCase('gpu__int4_weight_only__plain__g128__bfloat16__a');
    const spec = plain('asymmetric', 128);
    expect(quantizeWeight(spec, c.tensor('weight'), { device: 'cuda' }).tensors.qdata.data).to.deep.equal(c.tensor('qweight.qdata').data);
    expect(quantizeWeight(spec, c.tensor('weight')).tensors.qdata.data).to.not.deep.equal(c.tensor('qweight.qdata').data);
    c.close();
  });
});

describe('Int4TilePackedTo4dTensor (tinygemm)', () => {
  it('pads N to 8 and K to 1024 and only accepts bf16', () => {
    const w = fromFloat64(Array.from({ length: 5 * 200 }, (_, i) => Math.cos(i)), 'bfloat16', [5, 200]);
    const s = tilePackedStages(tile('tinygemm', 64).weight as never, w);
    expect(s.padded_weight.shape).to.deep.equal([8, 1024]);
    expect(s.qdata.shape).to.deep.equal([1, 8, 32, 4]);
    expect(s.scale_and_zero.shape).to.deep.equal([16, 8, 2]);
    expect(() => quantizeWeight(tile('tinygemm', 64), fromFloat64([1, 2], 'float32', [1, 2]))).to.throw('Only bfloat16 is supported');
  });

  it('dequantize() cuts the padding off and equals the stage dequantization', () => {
    const c = goldenCase('int4_weight_only__tile_packed_to_4d_stage__tinygemm__g64__bfloat16__a');
    const spec = tile('tinygemm', 64);
    const w = c.tensor('weight');
    const dq = toFloat64(dequantizeWeight(spec, quantizeWeight(spec, w), 'bfloat16'));
    const padded = toFloat64(c.tensor('dequantized_padded_weight'));
    const [N, K] = w.shape;
    for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) expect(dq[n * K + k]).to.equal(padded[n * 1024 + k]);
    c.close();
  });

  for (const id of ['gpu__int4_weight_only__tile_packed_to_4d__tinygemm__g64__bfloat16__b', 'gpu__int4_weight_only__tile_packed_to_4d__hqq__g128__bfloat16__a']) {
    it(`produces the real 4-D qdata of golden ${id}`, () => {
      const c = goldenCase(id);
      const g = (c.manifest.quantized_weight?.attributes as { block_size: number[] }).block_size[1];
      const q = quantizeWeight(tile(id.includes('hqq') ? 'hqq' : 'tinygemm', g), c.tensor('weight'), { device: 'cuda' });
      expect(q.tensors.qdata.data).to.deep.equal(c.tensor('qweight.qdata').data);
      expect(q.tensors.scale_and_zero.data).to.deep.equal(c.tensor('qweight.scale_and_zero').data);
      c.close();
    });
  }
});

describe('int4 plain linears (mslk GEMMs, no CPU golden output)', () => {
  for (const [id, spec] of [
    ['int4_weight_only__plain__g128__bfloat16__a', plain('asymmetric', 128)],
    ['float8_dynamic_act_int4_weight__plain__bfloat16__a', { ...plain('symmetric', 128), activation: { kind: 'float8_row_mslk' } } as FormatSpec],
  ] as const) {
    it(`${id}: close to the unquantized fp32 linear, within the quantization error`, () => {
      const c = goldenCase(id);
      const x = c.tensor('activation');
      const y = toFloat64(referenceLinear(spec, x, quantizeWeight(spec, c.tensor('weight')), c.tensor('bias')));
      const ref = toFloat64(c.tensor('linear_output_fp32_unquantized_reference'));
      const xv = toFloat64(x);
      const wv = toFloat64(c.tensor('weight'));
      const [N, K] = c.tensor('weight').shape;
      ref.forEach((r, i) => {
        const [m, n] = [Math.floor(i / N), i % N];
        let mag = 0;
        for (let k = 0; k < K; k++) mag += Math.abs(xv[m * K + k] * wv[n * K + k]);
        expect(Math.abs(y[i] - r)).to.be.at.most(0.1 * mag + 1e-3);
      });
      c.close();
    });
  }
});

describe('Int4WeightOnlyConfig version 1 (tinygemm_v1)', () => {
  it('is the tinygemm path with scales clamped at bf16(1e-6) instead of the smallest normal', () => {
    const w = fromFloat64([...new Array(1024).fill(0), ...Array.from({ length: 1024 }, (_, i) => Math.sin(i))], 'bfloat16', [2, 1024]);
    const v1 = tilePackedStages({ layout: 'int4_tile_packed_to_4d', groupSize: 128, qparams: 'tinygemm_v1', ntile: 8 }, w);
    const v2 = tilePackedStages({ layout: 'int4_tile_packed_to_4d', groupSize: 128, qparams: 'tinygemm', ntile: 8 }, w);
    expect(toFloat64(v1.scale)[0]).to.equal(9.98377799987793e-7); // bf16(1e-6), row 0 is all zero
    expect(toFloat64(v2.scale)[0]).to.equal(2 ** -126);
    expect(toFloat64(v1.scale)[8]).to.equal(toFloat64(v2.scale)[8]); // real groups agree
  });
});
