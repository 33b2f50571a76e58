// NVFP4Tensor against torchao: weight-only (exact weights, exact dequantize, linear within
// tolerance), dynamic (exact weights and run-time activations; the GEMM output against the
// generator's float64 emulation), and the static activation scale of the prepare/convert flow.
import { expect } from 'chai';
import { dequantizeWeight, quantizeActivation, quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { toFloat64 } from '../../../src/numerics/host-codec.js';
import { nvfp4Dequantize, nvfp4PerTensorScale } from '../../../src/numerics/formats/nvfp4.js';
import { fromBlocked } from '../../../src/numerics/formats/swizzle.js';
import { readFloats, writeFloats } from '../../../src/numerics/formats/float-values.js';
import type { FormatSpec } from '../../../src/ir/format.js';
import { goldenCaseIds, loadGoldenCase, type GoldenCase } from './golden-case.js';
import { specFromConfig } from './golden-spec.js';
import { expectExact, expectLinearClose } from './compare.js';

function checkWeight(c: GoldenCase, spec: FormatSpec) {
  const w = c.tensor('weight');
  const q = quantizeWeight(spec, w);
  expectExact(q.tensors.qdata, c.tensor('qweight.qdata'), `${c.id} qdata`);
  expectExact(q.tensors.scale, c.tensor('qweight.scale'), `${c.id} scale (swizzled)`);
  const un = c.tensor('qweight.scale_unswizzled');
  expect(Array.from(fromBlocked(q.tensors.scale.data, un.shape[0], un.shape[1])), `${c.id} scale_unswizzled`).to.deep.equal(Array.from(un.data));
  expect(q.tensors.per_tensor_scale !== undefined, `${c.id} per_tensor_scale present`).to.equal(c.has('qweight.per_tensor_scale'));
  if (c.has('qweight.per_tensor_scale')) expectExact(q.tensors.per_tensor_scale, c.tensor('qweight.per_tensor_scale'), `${c.id} per_tensor_scale`);
  expectExact(dequantizeWeight(spec, q, 'bfloat16'), c.tensor('dequantized_weight'), `${c.id} dequantized`);
  return q;
}

describe('NVFP4 (NVFP4Tensor) against the torchao goldens', () => {
  const ids = goldenCaseIds(/^nvfp4_(weight_only|dynamic)__/).filter((id) => !id.includes('static_act'));
  if (ids.length === 0) it.skip('golden folder not found');
  for (const id of ids) {
    it(id, () => {
      const c = loadGoldenCase(id);
      const spec = specFromConfig(c.manifest.config?.config_to_dict);
      const q = checkWeight(c, spec);
      const x = c.tensor('activation');
      const k = x.shape[x.shape.length - 1];
      const wdq = toFloat64(c.tensor('dequantized_weight'));
      if (c.has('act0.qdata')) {
        const a = quantizeActivation(spec, x);
        for (const name of ['qdata', 'scale', 'per_tensor_scale']) expectExact(a.tensors[name], c.tensor(`act0.${name}`), `${id} act0.${name}`);
        const xdq = toFloat64(nvfp4Dequantize(a, 'bfloat16'));
        const expected = c.has('linear_output') ? c.tensor('linear_output') : c.tensor('linear_output_generator_emulation');
        expectLinearClose(referenceLinear(spec, x, q, c.tensor('bias')), expected, xdq, wdq, k, 2, id);
      } else {
        expectLinearClose(referenceLinear(spec, x, q, c.tensor('bias')), c.tensor('linear_output'), toFloat64(x), wdq, k, 2, id);
      }
    });
  }

  it('nvfp4_dynamic__static_act_scale_convert: weight and act_per_tensor_scale = observed amax / 2688', function () {
    const ids = goldenCaseIds(/^nvfp4_dynamic__static_act_scale_convert__/);
    if (ids.length === 0) this.skip();
    for (const id of ids) {
      const c = loadGoldenCase(id);
      const spec: FormatSpec = {
        weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: true },
        activation: { kind: 'nvfp4', dynamicPerTensorScale: false },
        linear: { kind: 'nvfp4_scaled_mm' },
      };
      checkWeight(c, spec);
      let amax = 0;
      for (const b of [0, 1, 2]) for (const v of readFloats(c.tensor(`calibration_batch${b}`), 'calib')) amax = Math.max(amax, Math.abs(v));
      expect(amax).to.equal(readFloats(c.tensor('observed_amax'), 'amax')[0]);
      expectExact(writeFloats([nvfp4PerTensorScale(amax)], 'float32', []), c.tensor('qweight.act_per_tensor_scale'), `${id} act_per_tensor_scale`);
    }
  });

  it('rejects weights whose dims are not multiples of 16, as torchao does', () => {
    const spec: FormatSpec = { weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: true }, activation: null, linear: { kind: 'dequantize_then_matmul' } };
    const w = writeFloats(new Float32Array(40 * 72), 'bfloat16', [40, 72]);
    expect(() => quantizeWeight(spec, w)).to.throw(/NVFP4 only supports weight shape with last 2 dims divisible by 16, got \[40, 72\]/);
  });
});
