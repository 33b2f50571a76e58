// quantize -> dequantize of the float formats against independent float64 formulas on random
// bf16 weights: nearest-value search over the element grid (no encoder), log2 for MX scales.
import { expect } from 'chai';
import fc from 'fast-check';
import { dequantizeWeight, quantizeWeight } from '../../../src/numerics/index.js';
import { readFloats, writeFloats } from '../../../src/numerics/formats/float-values.js';
import { roundBFloat16 } from '../../../src/numerics/elements/float16.js';
import type { FormatSpec, MXElement, MXScalingMode } from '../../../src/ir/format.js';

/** Nearest value of a sorted non-negative grid (ties to the even grid index), sign kept. */
function nearest(grid: number[], v: number): number {
  const a = Math.min(Math.abs(v), grid[grid.length - 1]);
  let best = 0;
  for (let i = 1; i < grid.length; i++) {
    const d = Math.abs(grid[i] - a), bd = Math.abs(grid[best] - a);
    if (d < bd || (d === bd && i % 2 === 0)) best = i;
  }
  return v < 0 ? -grid[best] : grid[best];
}

function grid(ebits: number, mbits: number, bias: number, max: number): number[] {
  const out: number[] = [];
  for (let m = 0; m < 2 ** mbits; m++) out.push(m * 2 ** (1 - bias - mbits));
  for (let e = 1; e < 2 ** ebits; e++) for (let m = 0; m < 2 ** mbits; m++) out.push((1 + m / 2 ** mbits) * 2 ** (e - bias));
  return out.filter((v) => v <= max);
}

const E4M3 = grid(4, 3, 7, 448);
const GRIDS: Record<MXElement, number[]> = {
  float8_e4m3fn: E4M3, float8_e5m2: grid(5, 2, 15, 57344), fp6_e2m3: grid(2, 3, 1, 7.5), fp6_e3m2: grid(3, 2, 3, 28), fp4_e2m1: grid(2, 1, 1, 6),
};
const TARGET_POW2: Record<MXElement, number> = { float8_e4m3fn: 8, float8_e5m2: 15, fp6_e2m3: 2, fp6_e3m2: 4, fp4_e2m1: 2 };

const bf16Matrix = (rows: number, cols: number) =>
  fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }), { minLength: rows * cols, maxLength: rows * cols })
    .map((v) => writeFloats(v.map(roundBFloat16), 'bfloat16', [rows, cols]));

describe('float formats: quantize -> dequantize against independent float64 formulas', () => {
  it('float8 e4m3 per-row: bf16(fp32(nearest_e4m3(x / s)) * s) with s = bf16(amax / 448)', () => {
    const spec: FormatSpec = { weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } }, activation: null, linear: { kind: 'dequantize_then_matmul' } };
    fc.assert(fc.property(bf16Matrix(3, 16), (w) => {
      const x = readFloats(w, 'w');
      const dq = readFloats(dequantizeWeight(spec, quantizeWeight(spec, w), 'bfloat16'), 'dq');
      for (let r = 0; r < 3; r++) {
        const row = Array.from(x.slice(r * 16, r * 16 + 16));
        const s = roundBFloat16(Math.max(...row.map(Math.abs)) / 448);
        for (let c = 0; c < 16; c++) {
          const expected = s === 0 ? NaN : roundBFloat16(Math.fround(nearest(E4M3, Math.fround(row[c] / s)) * s));
          const got = dq[r * 16 + c];
          expect(Object.is(got, expected) || (Number.isNaN(got) && Number.isNaN(expected)) || (got === 0 && expected === 0), `[${r},${c}] ${row[c]}`).to.equal(true);
        }
      }
    }), { numRuns: 150 });
  });

  for (const [element, scaling] of [['fp4_e2m1', 'FLOOR'], ['fp6_e2m3', 'CEIL'], ['float8_e4m3fn', 'FLOOR'], ['fp6_e3m2', 'FLOOR']] as [MXElement, MXScalingMode][]) {
    it(`MX ${element} ${scaling}: nearest(x / 2^e) * 2^e with e = floor(log2 amax)${scaling === 'CEIL' ? ' (ceil)' : ''} - target`, () => {
      const spec: FormatSpec = { weight: { layout: 'mx', element, blockSize: 32, scaling }, activation: null, linear: { kind: 'dequantize_then_matmul' } };
      fc.assert(fc.property(bf16Matrix(2, 32), (w) => {
        const x = readFloats(w, 'w');
        const dq = readFloats(dequantizeWeight(spec, quantizeWeight(spec, w), 'bfloat16'), 'dq');
        for (let r = 0; r < 2; r++) {
          const row = Array.from(x.slice(r * 32, r * 32 + 32));
          const amax = Math.max(...row.map(Math.abs));
          const l = Math.log2(amax);
          const e = amax === 0 ? -127 : Math.max(-127, (scaling === 'CEIL' ? Math.ceil(l) : Math.floor(l)) - TARGET_POW2[element]);
          for (let c = 0; c < 32; c++) {
            const expected = roundBFloat16(nearest(GRIDS[element], row[c] / 2 ** e) * 2 ** e);
            expect(dq[r * 32 + c] === expected, `[${r},${c}] ${row[c]}: ${dq[r * 32 + c]} vs ${expected}`).to.equal(true);
          }
        }
      }), { numRuns: 100 });
    });
  }

  it('NVFP4: every value within half an fp4 step of its block scale P·s8, s8 = nearest_e4m3(clamp(amax/6/P, 2^-6, 448))', () => {
    const spec: FormatSpec = { weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: true }, activation: null, linear: { kind: 'dequantize_then_matmul' } };
    fc.assert(fc.property(bf16Matrix(16, 32), (w) => {
      const x = readFloats(w, 'w');
      const dq = readFloats(dequantizeWeight(spec, quantizeWeight(spec, w), 'bfloat16'), 'dq');
      const p = Math.max(...Array.from(x).map(Math.abs)) / 2688;
      if (p === 0) return;
      for (let b = 0; b < x.length / 16; b++) {
        const block = Array.from(x.slice(b * 16, b * 16 + 16));
        const s8 = nearest(E4M3, Math.min(448, Math.max(2 ** -6, Math.max(...block.map(Math.abs)) / 6 / p)));
        const step = p * s8;
        for (let i = 0; i < 16; i++) {
          const v = block[i] / step;
          const halfGap = Math.abs(v) >= 4 ? 1 : Math.abs(v) >= 2 ? 0.5 : 0.25;
          const err = Math.abs(dq[b * 16 + i] - block[i]);
          // fp4 rounding (saturating at 6: |v| may exceed 6 by the e4m3 rounding of s8), then bf16
          expect(err, `block ${b}[${i}]`).to.be.at.most((halfGap + Math.max(0, Math.abs(v) - 6)) * step * 1.0001 + Math.abs(block[i]) * 2 ** -8);
        }
      }
    }), { numRuns: 100 });
  });
});
