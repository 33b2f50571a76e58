// Float8Tensor against torchao: every golden float8 weight-only and dynamic case (CPU and
// GPU): weights, scales and dequantized weights bit-exact, run-time activation quantization
// bit-exact, linear outputs within a GEMM's summation-order tolerance.
import { expect } from 'chai';
import { dequantizeWeight, quantizeActivation, quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { toFloat64 } from '../../../src/numerics/host-codec.js';
import { float8Dequantize } from '../../../src/numerics/formats/float8.js';
import type { FloatDType } from '../../../src/ir/format.js';
import { goldenCaseIds, loadGoldenCase } from './golden-case.js';
import { specFromConfig } from './golden-spec.js';
import { expectExact, expectLinearClose } from './compare.js';

const CASES = goldenCaseIds(/^(gpu__)?float8_(weight_only|dynamic_act_float8_weight)__/);

describe('float8 (Float8Tensor) against the torchao goldens', () => {
  if (CASES.length === 0) it.skip('golden folder not found');
  for (const id of CASES) {
    it(id, function () {
      const c = loadGoldenCase(id);
      if (c.manifest.status === 'skipped_by_torchao') this.skip(); // a config-validation matter
      const spec = specFromConfig(c.manifest.config?.config_to_dict);
      const w = c.tensor('weight');
      const q = quantizeWeight(spec, w);
      expectExact(q.tensors.qdata, c.tensor('qweight.qdata'), `${id} qdata`);
      expectExact(q.tensors.scale, c.tensor('qweight.scale'), `${id} scale`);
      expectExact(dequantizeWeight(spec, q, w.dtype as FloatDType), c.tensor('dequantized_weight'), `${id} dequantized`);
      const x = c.tensor('activation');
      if (c.has('act0.qdata')) {
        const a = quantizeActivation(spec, x);
        expectExact(a.tensors.qdata, c.tensor('act0.qdata'), `${id} act0.qdata`);
        expectExact(a.tensors.scale, c.tensor('act0.scale'), `${id} act0.scale`);
        expectExact(float8Dequantize(a, x.dtype as FloatDType, 'act'), c.tensor('act0.dequantized'), `${id} act0.dequantized`);
      }
      if (c.has('linear_output')) {
        const y = referenceLinear(spec, x, q, c.tensor('bias'));
        const xs = toFloat64(c.has('act0.dequantized') ? c.tensor('act0.dequantized') : x);
        const k = x.shape[x.shape.length - 1];
        // GPU: cuBLASLt fast accumulation and tiled sums; CPU: blocked fp32 accumulation, which
        // for fp32 outputs lands up to ~8 fp32 ulps of Σ|x||w| from the float64 sum
        const ulps = id.startsWith('gpu__') ? 8 : x.dtype === 'float32' ? 16 : 2;
        expectLinearClose(y, c.tensor('linear_output'), xs, toFloat64(c.tensor('dequantized_weight')), k, ulps, id);
      }
    });
  }
});

describe('float8 primitives: golden prim__float8_cast_sweep', () => {
  it('quantizes special values with scale 1 (saturation, inf, NaN, subnormal ties) and dequantizes them', function () {
    const ids = goldenCaseIds(/^prim__float8_cast_sweep$/);
    if (ids.length === 0) this.skip();
    const c = loadGoldenCase(ids[0]);
    const x = c.tensor('x');
    for (const element of ['float8_e4m3fn', 'float8_e5m2'] as const) {
      const scale = { dtype: 'float32' as const, shape: [1], data: new Uint8Array(new Float32Array([1]).buffer) };
      // _quantize_affine_float8(x, scale=1): the primitive with an explicit scale
      const q = quantizeWithScale(x, scale, element);
      expect(Array.from(q.data), element).to.deep.equal(Array.from(c.tensor(`q_bits.${element}`).data));
      expectExact(float8Dequantize({ tensors: { qdata: q, scale }, attributes: {} }, 'float32', 'sweep'), c.tensor(`dq.${element}`), `dq.${element}`);
    }
  });

  it('chooses per-tensor, per-row, per-group and lb/ub-clamped scales (zero rows: scale 0, NaN data)', function () {
    const ids = goldenCaseIds(/^prim__float8_cast_sweep$/);
    if (ids.length === 0) this.skip();
    const c = loadGoldenCase(ids[0]);
    const w = c.tensor('w');
    const cases = [
      ['per_tensor', { kind: 'PerTensor' }, null, null],
      ['per_row', { kind: 'PerRow', dim: -1 }, null, null],
      ['per_group16', { kind: 'PerGroup', groupSize: 16 }, null, null],
      ['per_row_lb_ub', { kind: 'PerRow', dim: -1 }, 0.01, 0.5],
    ] as const;
    for (const [name, granularity, lowerBound, upperBound] of cases) {
      const spec = {
        weight: { layout: 'float8' as const, element: 'float8_e4m3fn' as const, granularity },
        activation: { kind: 'float8' as const, element: 'float8_e4m3fn' as const, granularity, lowerBound, upperBound },
        linear: { kind: 'scaled_mm' as const, useFastAccum: false },
      };
      const q = quantizeActivation(spec, w);
      expectExact(q.tensors.scale, c.tensor(`scale.${name}`), `scale.${name}`);
      expectExact(q.tensors.qdata, c.tensor(`qdata.${name}`), `qdata.${name}`);
    }
  });
});

import { quantizeFloat8 } from '../../../src/numerics/formats/float8-primitives.js';
import { readFloats } from '../../../src/numerics/formats/float-values.js';
import type { HostTensor } from '../../../src/numerics/host-tensor.js';

function quantizeWithScale(x: HostTensor, scale: HostTensor, element: 'float8_e4m3fn' | 'float8_e5m2'): HostTensor {
  const n = x.shape[0];
  const data = quantizeFloat8(readFloats(x, 'x'), { rows: 1, cols: n, blockRows: 1, blockCols: n }, readFloats(scale, 's'), element);
  return { dtype: element, shape: [n], data };
}
