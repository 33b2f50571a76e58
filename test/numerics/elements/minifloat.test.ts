// float8 e4m3fn/e5m2, fp6 e2m3/e3m2 and fp4 e2m1: every representable value, every rounding
// boundary, and a property test against an independent float64 nearest-value search.
import { expect } from 'chai';
import fc from 'fast-check';
import { FLOAT8_E4M3FN, FLOAT8_E5M2 } from '../../../src/numerics/elements/float8.js';
import { FP4_E2M1, FP6_E2M3, FP6_E3M2 } from '../../../src/numerics/elements/floatx.js';
import type { MiniFloatCodec } from '../../../src/numerics/elements/minifloat.js';
import { goldenCaseIds, loadGoldenCase } from '../formats/golden-case.js';
import { toFloat64 } from '../../../src/numerics/host-codec.js';

const CODECS: [MiniFloatCodec, string, number][] = [
  [FLOAT8_E4M3FN, 'decode.e4m3fn', 448],
  [FLOAT8_E5M2, 'decode.e5m2', 57344],
  [FP4_E2M1, 'decode.fp4_e2m1', 6],
  [FP6_E2M3, 'decode.fp6_e2m3', 7.5],
  [FP6_E3M2, 'decode.fp6_e3m2', 28],
];

/** Finite non-negative values with their codes, ascending (independent of the encoder). */
function positiveGrid(codec: MiniFloatCodec): { value: number; code: number }[] {
  const half = codec.table.length / 2;
  const grid = [];
  for (let code = 0; code < half; code++) {
    const value = codec.table[code];
    if (Number.isFinite(value)) grid.push({ value, code });
  }
  return grid.sort((a, b) => a.value - b.value);
}

/** Nearest representable value by linear search, ties to the even code; saturating. */
function nearestCode(codec: MiniFloatCodec, v: number): number {
  const grid = positiveGrid(codec);
  const a = Math.abs(v);
  let best = grid[0];
  for (const g of grid) {
    const d = Math.abs(g.value - a);
    const bd = Math.abs(best.value - a);
    if (d < bd || (d === bd && g.code % 2 === 0)) best = g;
  }
  const top = grid[grid.length - 1];
  const signBit = codec.table.length / 2;
  let code = best.code;
  // IEEE overflow of e5m2: at or beyond max + half an ulp rounds to inf
  if (codec.format.overflow === 'inf' && a >= top.value + (top.value - grid[grid.length - 2].value) / 2) {
    code = codec.format.infCode!;
  }
  return v < 0 || Object.is(v, -0) ? code | signBit : code;
}

for (const [codec, goldenName, max] of CODECS) {
  const name = codec.format.name;
  describe(`${name} codec`, () => {
    it('decodes every code to the value torchao/PyTorch give it', function () {
      const ids = goldenCaseIds(/^prim__fp4_fp6_codec$/);
      if (ids.length === 0) this.skip();
      const golden = toFloat64(loadGoldenCase(ids[0]).tensor(goldenName));
      expect(golden.length).to.equal(codec.table.length);
      for (let c = 0; c < golden.length; c++) expect(Object.is(codec.decode(c), golden[c]) || (Number.isNaN(golden[c]) && Number.isNaN(codec.decode(c))), `code ${c}`).to.equal(true);
    });

    it(`has max ${max} and encodes every representable value back to its own code`, () => {
      expect(positiveGrid(codec).at(-1)!.value).to.equal(max);
      for (let c = 0; c < codec.table.length; c++) {
        const v = codec.decode(c);
        if (Number.isFinite(v)) expect(codec.encode(v), `code ${c} (${v})`).to.equal(c);
      }
    });

    it('rounds midpoints to the even code and their neighbours to the nearer value', () => {
      const grid = positiveGrid(codec);
      for (let i = 0; i + 1 < grid.length; i++) {
        const lo = grid[i], hi = grid[i + 1];
        const mid = (lo.value + hi.value) / 2;
        const even = lo.code % 2 === 0 ? lo.code : hi.code;
        expect(codec.encode(mid), `tie ${mid}`).to.equal(even);
        expect(codec.encode(mid * (1 - 2 ** -40)), `below ${mid}`).to.equal(lo.code);
        expect(codec.encode(mid * (1 + 2 ** -40)), `above ${mid}`).to.equal(hi.code);
        expect(codec.encode(-mid), `tie -${mid}`).to.equal(even | (codec.table.length / 2));
      }
    });

    it('matches an independent nearest-value search on random float32 inputs', () => {
      fc.assert(
        fc.property(fc.float({ noNaN: true, min: Math.fround(-max * 1.2), max: Math.fround(max * 1.2) }), (v) => {
          expect(codec.encode(v)).to.equal(nearestCode(codec, v));
        }),
        { numRuns: 3000 },
      );
    });
  });
}

describe('overflow, zero and NaN rules', () => {
  it('e4m3fn saturates finite overflow and inf to ±448; NaN is 0x7F (0xFF negative)', () => {
    expect(FLOAT8_E4M3FN.encode(1e6)).to.equal(0x7e);
    expect(FLOAT8_E4M3FN.encode(-Infinity)).to.equal(0xfe);
    expect(FLOAT8_E4M3FN.encode(NaN)).to.equal(0x7f);
    expect(FLOAT8_E4M3FN.encode(NaN, true)).to.equal(0xff);
    expect(FLOAT8_E4M3FN.encode(2 ** -10)).to.equal(0); // tie between 0 and 2^-9 goes to 0
  });
  it('e5m2 rounds to inf from 61440 up, keeps inf', () => {
    expect(FLOAT8_E5M2.encode(61439.99)).to.equal(0x7b);
    expect(FLOAT8_E5M2.encode(61440)).to.equal(0x7c);
    expect(FLOAT8_E5M2.encode(-Infinity)).to.equal(0xfc);
  });
  it('fp4/fp6 saturate inf to max and keep the sign of values rounding to zero', () => {
    expect(FP4_E2M1.encode(Infinity)).to.equal(0x7);
    expect(FP4_E2M1.encode(-0.2)).to.equal(0x8);
    expect(FP6_E2M3.encode(-0.01)).to.equal(0x20);
    expect(FP6_E3M2.encode(-1e9)).to.equal(0x3f);
    expect(() => FP4_E2M1.encode(NaN)).to.throw(/NaN is not encodable/);
  });
});

describe('golden prim__fp4_fp6_codec encoder sweep', () => {
  it('encodes every swept value exactly as torchao', function () {
    const ids = goldenCaseIds(/^prim__fp4_fp6_codec$/);
    if (ids.length === 0) this.skip();
    const c = loadGoldenCase(ids[0]);
    const x = toFloat64(c.tensor('x'));
    for (const [codec, name] of [[FP4_E2M1, 'fp4_e2m1'], [FP6_E2M3, 'fp6_e2m3'], [FP6_E3M2, 'fp6_e3m2']] as const) {
      const expected = c.tensor(name).data;
      for (let i = 0; i < x.length; i++) expect(codec.encode(x[i]), `${name} of ${x[i]}`).to.equal(expected[i]);
    }
  });
});
