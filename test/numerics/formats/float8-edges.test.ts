// Float8 edge rules that no golden covers directly: granularity errors, mslk's row quantizer
// (§3.4.5: amax floored at 1/512, no NaN for zero rows), fp32 bias placement.
import { expect } from 'chai';
import { quantizeActivation, quantizeWeight } from '../../../src/numerics/index.js';
import { readFloats, writeFloats } from '../../../src/numerics/formats/float-values.js';
import type { FormatSpec, Granularity } from '../../../src/ir/format.js';

const weightSpec = (granularity: Granularity): FormatSpec => ({
  weight: { layout: 'float8', element: 'float8_e4m3fn', granularity }, activation: null, linear: { kind: 'dequantize_then_matmul' },
});

describe('float8 edge rules', () => {
  const w = writeFloats(Float32Array.from({ length: 256 * 128 }, (_, i) => Math.sin(i)), 'bfloat16', [256, 128]);

  it('names the shape when a group or block does not divide it', () => {
    expect(() => quantizeWeight(weightSpec({ kind: 'PerGroup', groupSize: 48 }), w)).to.throw(/Last dimension of input 128 is not divisible by group size 48/);
    expect(() => quantizeWeight(weightSpec({ kind: 'PerBlock', blockSize: [128, 96] }), w)).to.throw(/\[256, 128\] are divisible by block size \[128, 96\]/);
    expect(() => quantizeWeight(weightSpec({ kind: 'PerAxis', axis: 0 }), w)).to.throw(/PerAxis granularity is not a float8 granularity/);
  });

  it('128x128 blocks give one scale per tile', () => {
    const q = quantizeWeight(weightSpec({ kind: 'PerBlock', blockSize: [128, 128] }), w);
    expect(q.tensors.scale.shape).to.deep.equal([2, 1]);
    expect(q.attributes.block_size).to.deep.equal([128, 128]);
  });

  it('mslk row quantizer: zero rows get scale 1/229376 and zero data; others reach ±448', () => {
    const spec: FormatSpec = { weight: weightSpec({ kind: 'PerRow', dim: -1 }).weight, activation: { kind: 'float8_row_mslk' }, linear: { kind: 'scaled_mm', useFastAccum: true } };
    const x = writeFloats([0, 0, 0, 0, 1, -2, 0.5, 0.25], 'bfloat16', [2, 4]);
    const a = quantizeActivation(spec, x);
    const scale = readFloats(a.tensors.scale, 'scale');
    expect(scale[0]).to.equal(Math.fround(1 / Math.fround(448 * 512)));
    expect(scale[1]).to.equal(Math.fround(1 / 224));
    expect(Array.from(a.tensors.qdata.data.slice(0, 4))).to.deep.equal([0, 0, 0, 0]);
    expect(a.tensors.qdata.data[5]).to.equal(0xfe); // -2 * 224 = -448
  });
});
