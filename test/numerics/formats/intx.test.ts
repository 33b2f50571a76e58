import { expect } from 'chai';
import type { FormatSpec, IntElement, MappingType } from '../../../src/ir/format.js';
import { fromFloat64, toFloat64 } from '../../../src/numerics/host-codec.js';
import { intRange } from '../../../src/numerics/affine/ranges.js';
import { dequantizeWeight, quantizeActivation, quantizeWeight } from '../../../src/numerics/index.js';
import { goldenCase } from '../golden-dir.js';

const intx = (element: IntElement, mapping: MappingType, group: number | null, extra: Partial<{ scaleDtype: 'float32'; algorithm: 'hqq_scale_only' }> = {}): FormatSpec => ({
  weight: {
    layout: 'intx_unpacked_to_int8',
    element,
    granularity: group ? { kind: 'PerGroup', groupSize: group } : { kind: 'PerAxis', axis: 0 },
    mapping,
    scaleDtype: extra.scaleDtype ?? null,
    algorithm: extra.algorithm ?? 'affine',
  },
  activation: null,
  linear: { kind: 'dequantize_then_matmul' },
});

describe('IntxUnpackedToInt8Tensor', () => {
  for (const element of ['int1', 'int2', 'int3', 'int5', 'int8'] as IntElement[]) {
    it(`${element}: qdata int8 within the element's range, scale in the weight dtype`, () => {
      const w = fromFloat64(Array.from({ length: 64 }, (_, i) => Math.sin(i)), 'bfloat16', [2, 32]);
      const q = quantizeWeight(intx(element, 'ASYMMETRIC', 16), w);
      const { qmin, qmax } = intRange(element);
      expect(Array.from(toFloat64(q.tensors.qdata)).every((v) => v >= qmin && v <= qmax)).to.equal(true);
      expect(q.tensors.scale.dtype).to.equal('bfloat16');
      expect(q.tensors.scale.shape).to.deep.equal([2, 2]);
    });
  }

  it('PerAxis(0) on a conv weight gives one scale per (c_out, kh, kw)', () => {
    const w = fromFloat64(Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => i - 5), 'float32', [2, 3, 2, 2]);
    const q = quantizeWeight(intx('int8', 'SYMMETRIC', null), w);
    expect(q.tensors.scale.shape).to.deep.equal([2, 1, 2, 2]);
    expect(q.attributes.block_size).to.deep.equal([1, 3, 1, 1]);
  });

  it('refuses weights that are neither 2-d nor 4-d', () => {
    expect(() => quantizeWeight(intx('int4', 'SYMMETRIC', 4), fromFloat64([1, 2, 3, 4], 'float32', [4]))).to.throw('only works for 2-d and 4-d Tensors, got: 1');
  });

  for (const id of ['intx_weight_only__int4_g32_scale_fp32__bfloat16__a', 'intx_weight_only__int4_g32_hqq_scale_only__float32__b']) {
    it(`matches golden ${id} (scale_dtype re-quantization, hqq_scale_only)`, () => {
      const c = goldenCase(id);
      const spec = id.includes('scale_fp32') ? intx('int4', 'SYMMETRIC', 32, { scaleDtype: 'float32' }) : intx('int4', 'SYMMETRIC', 32, { algorithm: 'hqq_scale_only' });
      const q = quantizeWeight(spec, c.tensor('weight'));
      for (const name of ['qdata', 'scale', 'zero_point']) expect(q.tensors[name].data, name).to.deep.equal(c.tensor(`qweight.${name}`).data);
      expect(dequantizeWeight(spec, q, c.tensor('weight').dtype as 'bfloat16').data).to.deep.equal(c.tensor('dequantized_weight').data);
      c.close();
    });
  }

  it('fake-quantizes the activation per token (int8 asymmetric in x dtype), as golden act0..act2', () => {
    const c = goldenCase('int8_dynamic_act_intx_weight__int4_g32_asym__bfloat16__a');
    const spec: FormatSpec = { ...intx('int4', 'ASYMMETRIC', 32), activation: { kind: 'int8_asym_per_token_fake_quant' } };
    const act = quantizeActivation(spec, c.tensor('activation'));
    expect(act.tensors.scale.data).to.deep.equal(c.tensor('act0.scale').data);
    expect(act.tensors.zero_point.data).to.deep.equal(c.tensor('act0.zero_point').data);
    expect(act.tensors.qdata.data).to.deep.equal(c.tensor('act1.qdata').data);
    expect(act.tensors.dequantized.data).to.deep.equal(c.tensor('act2.dequantized').data);
    c.close();
  });
});
