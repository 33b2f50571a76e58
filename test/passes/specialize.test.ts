// specialize: Plan parameters → de-duplicated, sorted KernelSpecs.
import { expect } from 'chai';
import fc from 'fast-check';
import type { FormatSpec } from '../../src/ir/format.js';
import { kernelKey, kernelName } from '../../src/ir/kernel-spec.js';
import { specialize, type SpecializeParam } from '../../src/passes/specialize.js';

const int4: FormatSpec = { weight: { layout: 'int4_plain', groupSize: 128, mapping: 'asymmetric' }, activation: null, linear: { kind: 'mslk_int4' } };
const int8dyn: FormatSpec = {
  weight: { layout: 'int8', granularity: { kind: 'PerRow', dim: -1 }, reduceRange: false },
  activation: { kind: 'int8', granularity: { kind: 'PerRow', dim: -1 }, mapping: 'SYMMETRIC', reduceRange: false },
  linear: { kind: 'int8_int_mm' },
};

const p = (fqn: string, format: FormatSpec | null, dtype = 'bfloat16', shape = [64, 128]): SpecializeParam => ({ fqn, dtype, shape, format });

describe('passes/specialize', () => {
  it('shares one set of kernels between layers of the same format and dtype', () => {
    const specs = specialize([p('layers.0.q_proj.weight', int4), p('layers.0.k_proj.weight', int4, 'bfloat16', [16, 128])], ['cpu']);
    expect(specs.map((s) => s.op)).to.have.members(['quantize_weight', 'dequantize', 'linear']);
    expect(specs).to.have.length(3);
  });

  it('adds quantize_activation for dynamic formats, one set per dtype and target', () => {
    const specs = specialize([p('a', int8dyn), p('b', int8dyn, 'float32'), p('c', null)], ['cpu', 'cuda']);
    expect(specs).to.have.length(4 * 2 * 2);
    expect(specs.filter((s) => s.op === 'quantize_activation')).to.have.length(4);
  });

  it('skips unquantized parameters', () => {
    expect(specialize([p('norm.weight', null, 'bfloat16', [64])], ['cpu'])).to.deep.equal([]);
  });

  it('rejects non-float or non-2-D quantized parameters, naming them', () => {
    expect(() => specialize([p('emb', int4, 'int8')], ['cpu'])).to.throw(/'emb' has dtype int8/);
    expect(() => specialize([p('conv', int4, 'bfloat16', [4, 4, 3, 3])], ['cpu'])).to.throw(/'conv' has shape \[4, 4, 3, 3\]/);
  });

  it('is order independent and duplicate free (property)', () => {
    const arb = fc.array(
      fc.record({ f: fc.constantFrom(int4, int8dyn, null), d: fc.constantFrom('bfloat16', 'float16', 'float32') }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(arb, (items) => {
        const params = items.map((it, i) => p(`w${i}`, it.f, it.d));
        const a = specialize(params, ['cpu']);
        const b = specialize([...params].reverse(), ['cpu']);
        expect(a).to.deep.equal(b);
        expect(new Set(a.map(kernelKey)).size).to.equal(a.length);
        expect([...a.map(kernelName)].sort()).to.deep.equal(a.map(kernelName));
      }),
    );
  });
});
