import { expect } from 'chai';
import type { FormatSpec } from '../../../src/ir/format.js';
import { fromFloat64, toFloat64 } from '../../../src/numerics/host-codec.js';
import { dequantizeWeight, quantizeActivation, quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { goldenCase } from '../golden-dir.js';

const weightOnly: FormatSpec = { weight: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false }, activation: null, linear: { kind: 'int8_weight_only_scaled' } };
const dynamicAsym: FormatSpec = {
  weight: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false },
  activation: { kind: 'int8', granularity: { kind: 'PerRow', dim: -1 }, mapping: 'ASYMMETRIC', reduceRange: false },
  linear: { kind: 'int8_int_mm' },
};

describe('Int8Tensor', () => {
  it('stores qdata int8, fp32 scales [N, 1] and a real all-zero int8 zero_point', () => {
    const w = fromFloat64([1, -2, 0.5, 0, 0, 0], 'float32', [2, 3]);
    const q = quantizeWeight(weightOnly, w);
    expect(q.tensors.qdata.dtype).to.equal('int8');
    expect(q.tensors.scale.shape).to.deep.equal([2, 1]);
    expect(Array.from(toFloat64(q.tensors.zero_point))).to.deep.equal([0, 0]);
    // row 0: scale fp32(2/127.5); -2 * fp32(1/scale) = -127.49999 -> -127: which of -127/-128
    // -amax reaches depends on the reciprocal's last bit (spec §6.4)
    const scale = Math.fround(2 / 127.5);
    expect(Math.fround(-2 * Math.fround(1 / scale))).to.be.above(-127.5);
    expect(Array.from(toFloat64(q.tensors.qdata)).slice(0, 3)).to.deep.equal([64, -127, 32]);
    // a zero row gets fp32 machine epsilon as its scale
    expect(toFloat64(q.tensors.scale)[1]).to.equal(2 ** -23);
  });

  it('halves the range with reduce_range', () => {
    const w = fromFloat64([1, -1], 'float32', [1, 2]);
    const q = quantizeWeight({ ...weightOnly, weight: { ...weightOnly.weight, reduceRange: true } as FormatSpec['weight'] }, w);
    expect(Array.from(toFloat64(q.tensors.qdata))).to.deep.equal([63, -64]);
  });

  it('matches golden asymmetric dynamic case: weight, activation (zp, scale), exact linear output', () => {
    const c = goldenCase('int8_dynamic_act_int8_weight__asym_act_per_row__bfloat16__a');
    const q = quantizeWeight(dynamicAsym, c.tensor('weight'));
    expect(q.tensors.qdata.data).to.deep.equal(c.tensor('qweight.qdata').data);
    expect(q.tensors.scale.data).to.deep.equal(c.tensor('qweight.scale').data);
    const act = quantizeActivation(dynamicAsym, c.tensor('activation'));
    expect(act.tensors.zero_point.data).to.deep.equal(c.tensor('act0.zero_point').data);
    expect(act.tensors.qdata.data).to.deep.equal(c.tensor('act0.qdata').data);
    const y = referenceLinear(dynamicAsym, c.tensor('activation'), q, c.tensor('bias'));
    expect(y.data).to.deep.equal(c.tensor('linear_output').data);
    expect(dequantizeWeight(dynamicAsym, q, 'bfloat16').data).to.deep.equal(c.tensor('dequantized_weight').data);
    c.close();
  });
});

describe('Int8Tensor linear', () => {
  it('refuses a PerRow(dim=0) weight (per-column scales) by name instead of mis-applying it', () => {
    const spec: FormatSpec = { ...dynamicAsym, weight: { layout: 'int8', granularity: { kind: 'PerRow', dim: 0 }, reduceRange: false } };
    const w = fromFloat64([1, 2, 3, 4, 5, 6], 'float32', [2, 3]);
    const q = quantizeWeight(spec, w);
    expect(q.tensors.scale.shape).to.deep.equal([1, 3]);
    expect(() => referenceLinear(spec, fromFloat64([1, 1, 1], 'float32', [1, 3]), q, null)).to.throw(/3 scales, not one per output row \(2\)/);
  });
});
