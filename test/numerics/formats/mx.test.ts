// MXTensor against torchao: every golden mx__* case (weights, swizzled and unswizzled scales,
// dequantized weights, run-time activations bit-exact; EMULATED linear within tolerance), the
// e8m0 scale modes on every element type, the to_blocked swizzle maps and fp4 nibble order.
import { expect } from 'chai';
import { dequantizeWeight, quantizeActivation, quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { toFloat64 } from '../../../src/numerics/host-codec.js';
import { mxDequantize } from '../../../src/numerics/formats/mx.js';
import { toMx } from '../../../src/numerics/formats/mx-primitives.js';
import { packNibbles, unpackNibbles } from '../../../src/numerics/formats/nibbles.js';
import { blockedShape, fromBlocked, toBlocked } from '../../../src/numerics/formats/swizzle.js';
import { readFloats } from '../../../src/numerics/formats/float-values.js';
import type { MXElement, MXScalingMode } from '../../../src/ir/format.js';
import { goldenCaseIds, loadGoldenCase } from './golden-case.js';
import { specFromConfig } from './golden-spec.js';
import { expectExact, expectLinearClose } from './compare.js';

describe('MX (MXTensor) against the torchao goldens', () => {
  const ids = goldenCaseIds(/^mx__/);
  if (ids.length === 0) it.skip('golden folder not found');
  for (const id of ids) {
    it(id, () => {
      const c = loadGoldenCase(id);
      const spec = specFromConfig(c.manifest.config?.config_to_dict);
      if (spec.weight.layout !== 'mx' || spec.activation?.kind !== 'mx') throw new Error('not an MX spec');
      const w = c.tensor('weight');
      const q = quantizeWeight(spec, w);
      expectExact(q.tensors.qdata, c.tensor('qweight.qdata'), `${id} qdata`);
      expectExact(q.tensors.scale, c.tensor('qweight.scale'), `${id} scale (swizzled)`);
      const unswizzled = c.tensor('qweight.scale_unswizzled');
      const [n, kb] = unswizzled.shape;
      expect(Array.from(fromBlocked(q.tensors.scale.data, n, kb)), `${id} scale_unswizzled`).to.deep.equal(Array.from(unswizzled.data));
      expectExact(dequantizeWeight(spec, q, 'bfloat16'), c.tensor('dequantized_weight'), `${id} dequantized`);
      const x = c.tensor('activation');
      if (c.has('act0.qdata')) {
        const a = quantizeActivation(spec, x);
        expectExact(a.tensors.qdata, c.tensor('act0.qdata'), `${id} act0.qdata`);
        expectExact(a.tensors.scale, c.tensor('act0.scale'), `${id} act0.scale`);
        expectExact(mxDequantize(a, spec.activation, 'bfloat16'), c.tensor('act0.dequantized'), `${id} act0.dequantized`);
      }
      if (c.has('linear_output')) {
        const y = referenceLinear(spec, x, q, c.tensor('bias'));
        const k = x.shape[x.shape.length - 1];
        expectLinearClose(y, c.tensor('linear_output'), toFloat64(c.tensor('act0.dequantized')), toFloat64(c.tensor('dequantized_weight')), k, 2, id);
      }
    });
  }
});

describe('MX primitives against the torchao goldens', () => {
  it('prim__e8m0_scale_modes: scales and element data for every mode and element type', function () {
    const ids = goldenCaseIds(/^prim__e8m0_scale_modes__/);
    if (ids.length === 0) this.skip();
    for (const id of ids) {
      const c = loadGoldenCase(id);
      const x = readFloats(c.tensor('x'), 'x');
      const k = c.tensor('x').shape[1];
      for (const mode of ['FLOOR', 'RCEIL', 'CEIL', 'EVEN'] as MXScalingMode[]) {
        for (const [element, name] of [['float8_e4m3fn', 'float8_e4m3fn'], ['float8_e5m2', 'float8_e5m2'], ['fp6_e2m3', 'fp6_e2m3'], ['fp6_e3m2', 'fp6_e3m2'], ['fp4_e2m1', 'float4_e2m1fn_x2']] as [MXElement, string][]) {
          const r = toMx(x, k, element, 32, mode);
          const data = element === 'fp4_e2m1' ? packNibbles(r.codes, 'even-low') : r.codes;
          expect(Array.from(r.scales), `${id} ${mode}.${name}.scale`).to.deep.equal(Array.from(c.tensor(`${mode}.${name}.scale`).data));
          expect(Array.from(data), `${id} ${mode}.${name}.data`).to.deep.equal(Array.from(c.tensor(`${mode}.${name}.data`).data));
        }
      }
    }
  });

  it('prim__scale_swizzle_to_blocked: to_blocked and from_blocked index maps', function () {
    const ids = goldenCaseIds(/^prim__scale_swizzle_to_blocked$/);
    if (ids.length === 0) this.skip();
    const c = loadGoldenCase(ids[0]);
    for (const [rows, cols] of [[128, 4], [130, 6], [32, 2], [256, 8]]) {
      const src = Int32Array.from({ length: rows * cols }, (_, i) => i);
      const blocked = toBlocked(src, rows, cols);
      const expected = new Int32Array(c.tensor(`to_blocked.${rows}x${cols}`).data.slice().buffer);
      expect(blocked.length).to.equal(blockedShape(rows, cols)[0] * blockedShape(rows, cols)[1]);
      expect(Array.from(blocked), `to_blocked ${rows}x${cols}`).to.deep.equal(Array.from(expected));
      const inverse = new Int32Array(c.tensor(`from_blocked.${rows}x${cols}`).data.slice().buffer);
      expect(Array.from(fromBlocked(blocked, rows, cols)), `from_blocked ${rows}x${cols}`).to.deep.equal(Array.from(inverse));
    }
  });

  it('prim__pack_uint4_orders: even element in the low nibble, and back', function () {
    const ids = goldenCaseIds(/^prim__pack_uint4_orders$/);
    if (ids.length === 0) this.skip();
    const c = loadGoldenCase(ids[0]);
    const codes = c.tensor('codes').data;
    expect(Array.from(packNibbles(codes, 'even-low'))).to.deep.equal(Array.from(c.tensor('mx_pack_uint4').data));
    expect(Array.from(unpackNibbles(packNibbles(codes, 'even-low'), 'even-low'))).to.deep.equal(Array.from(c.tensor('mx_unpack_uint4').data));
  });

  it('rejects K not divisible by the block size, naming the shape', () => {
    expect(() => toMx(new Float32Array(48), 48, 'fp4_e2m1', 32, 'RCEIL')).to.throw(/48 must be divisible by block_size 32/);
  });
});
