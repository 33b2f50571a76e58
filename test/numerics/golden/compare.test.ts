import { expect } from 'chai';
import { fromFloat64 } from '../../../src/numerics/host-codec.js';
import { compareExact, compareWithin } from '../../../src/numerics/golden/compare.js';

describe('golden comparisons', () => {
  it('exact: equal bytes pass, NaN matches NaN, -0 does not match +0', () => {
    const a = fromFloat64([1, NaN, 0], 'float32', [3]);
    expect(compareExact('t', a, fromFloat64([1, NaN, 0], 'float32', [3])).ok).to.equal(true);
    const r = compareExact('t', a, fromFloat64([1, NaN, -0], 'float32', [3]));
    expect(r.ok).to.equal(false);
    expect(r.detail).to.match(/1\/3 elements differ; first at 2/);
  });

  it('exact: dtype and shape must agree', () => {
    expect(compareExact('t', fromFloat64([1], 'float32', [1]), fromFloat64([1], 'bfloat16', [1])).detail).to.match(/dtype float32, golden bfloat16/);
    expect(compareExact('t', fromFloat64([1, 2], 'float32', [2]), fromFloat64([1, 2], 'float32', [1, 2])).detail).to.match(/shape \[2\]/);
  });

  it('within: per-element tolerance, NaN only against NaN', () => {
    const ours = fromFloat64([1, 2, NaN], 'float32', [3]);
    expect(compareWithin('y', ours, fromFloat64([1.001, 2, NaN], 'float32', [3]), Float64Array.of(0.01, 0, 0)).ok).to.equal(true);
    expect(compareWithin('y', ours, fromFloat64([1.1, 2, NaN], 'float32', [3]), Float64Array.of(0.01, 0, 0)).ok).to.equal(false);
    expect(compareWithin('y', ours, fromFloat64([1, 2, 3], 'float32', [3]), Float64Array.of(1, 1, 1e9)).ok).to.equal(false);
  });

  it('within: an infinity matches the same infinity only (an fp16 output that overflowed in both)', () => {
    const ours = fromFloat64([-Infinity, Infinity], 'float16', [2]);
    expect(compareWithin('y', ours, fromFloat64([-Infinity, Infinity], 'float16', [2]), Float64Array.of(0, 0)).ok).to.equal(true);
    expect(compareWithin('y', ours, fromFloat64([Infinity, 65504], 'float16', [2]), Float64Array.of(1e9, 1e9)).ok).to.equal(false);
  });
});
