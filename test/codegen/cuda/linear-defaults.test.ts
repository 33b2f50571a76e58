// The default configuration of a weight-only linear (codegen/cuda/include/qf/linear_defaults.h,
// plain C++ built with g++ here; LinearOp::run calls it for cfg < 0). Pins the rule derived from the
// NVIDIA H200 run (.gpu-results/tile.r5.log, mixm.r5.log; tables in bench/results/gpu-tile.md and
// gpu-mixm.md): where a new kernel measured faster it is the default, elsewhere the previous one
// (v5 cfg 48 / 70, decode cfg 6, prefill cfg 100) stays.
import { expect } from 'chai';
import { runHostProgram } from './host-program.js';

const FAMILY = { other: 0, int4Fold: 1, int4: 2, int8Row: 3, fp8Row: 4 } as const;
type Family = keyof typeof FAMILY;
type Case = [Family, boolean, number, number, number, number]; // family, hopper, M, N, K, chunkK

/** default_linear_cfg for each case, run on the CPU. */
function defaults(cases: readonly Case[]): number[] {
  const rows = cases.map(([f, h, ...rest]) => `{${FAMILY[f]}, ${h ? 1 : 0}, ${rest.join(', ')}}`).join(',\n    ');
  return runHostProgram(`#include <cstdio>
#include "qf/linear_defaults.h"
int main() {
  const int cases[][6] = {
    ${rows}};
  for (const auto& c : cases)
    std::printf("%d\\n", qf::default_linear_cfg(static_cast<qf::LinearFamily>(c[0]), c[1] != 0, c[2], c[3], c[4], c[5]));
}
`).map(Number);
}

const LEGACY = (M: number): number => (M <= 8 ? 48 : M <= 16 ? 70 : M <= 64 ? 6 : 100);
const MS = [1, 8, 9, 16, 17, 32, 33, 64, 65, 100, 128, 129, 256, 257, 2048];
const SHAPES = [
  [4096, 4096],
  [14336, 4096],
  [4096, 14336],
  [6144, 4096],
] as const;

describe('codegen/cuda: default linear configuration (linear_defaults.h)', function () {
  this.timeout(120_000);

  it('keeps the previous defaults off Hopper and for formats the H200 run did not measure faster', function () {
    const cases: Case[] = [];
    for (const M of MS) {
      for (const [N, K] of SHAPES) {
        for (const f of Object.keys(FAMILY) as Family[]) cases.push([f, false, M, N, K, f.startsWith('int4') ? 128 : 64]);
        cases.push(['other', true, M, N, K, 128]); // NVFP4 / MX (v11 slower everywhere), intx, per-group 8-bit
      }
    }
    expect(defaults(cases)).to.deep.equal(cases.map((c) => LEGACY(c[2])));
  });

  it('int4 g128 on Hopper: v11 tile for wide N at M <= 16, mixed wgmma at M = 17..256', function () {
    // Rows: the four #7 shapes; columns: MS. Measured winners (µs, NVIDIA H200) in linear_defaults.h:
    // e.g. 14336x4096 M=1 cfg 300 15.7 vs v5 17.7; 4096x4096 M=1 v5 8.9 vs 9.9 (kept); M=128 cfg 402
    // 41.4 vs prefill 79.8; 6144x4096 M=128 prefill 37.9 vs split cfg 432 39.2 (kept).
    const want: Record<string, number[]> = {
      '4096x4096': [48, 48, 70, 70, 429, 429, 432, 432, 432, 432, 432, 100, 100, 100, 100],
      '14336x4096': [300, 300, 311, 311, 406, 406, 407, 407, 402, 402, 402, 402, 402, 100, 100],
      '4096x14336': [48, 48, 70, 70, 429, 429, 432, 432, 432, 432, 432, 100, 100, 100, 100],
      '6144x4096': [48, 48, 311, 311, 429, 429, 432, 432, 432, 100, 100, 100, 100, 100, 100],
    };
    for (const [N, K] of SHAPES) {
      const got = defaults(MS.map((M): Case => ['int4Fold', true, M, N, K, 128]));
      expect(got, `${N}x${K}`).to.deep.equal(want[`${N}x${K}`]);
    }
  });

  it('int4 with groups below 128: no v11 default (not checked there), mixed wgmma from M = 17', function () {
    const got = defaults(MS.map((M): Case => ['int4', true, M, 14336, 4096, 128]));
    expect(got).to.deep.equal([48, 48, 70, 70, 406, 406, 407, 407, 402, 402, 402, 402, 402, 100, 100]);
  });

  it('8-bit on Hopper: v11 at M <= 8 on >= 2^25 weights (int8 fp16 operands cfg 304, fp8 cfg 300), the wide-N mixed cfgs at M = 17..256', function () {
    // M = 17..256 wide N (mixm.r9): 14336x4096 int8 M=128 cfg 402 48.5 vs 84.9 µs; narrow N kept
    // (6144x4096 int8 M=64: split cfg 432 33.9 vs decode cfg 6 27.6).
    const mixed = (M: number): number => (M <= 32 ? 406 : M <= 64 ? 407 : 402);
    for (const [f, v11] of [
      ['int8Row', 304],
      ['fp8Row', 300],
    ] as const) {
      for (const [N, K] of SHAPES) {
        const big = N * K >= 2 ** 25;
        const got = defaults(MS.map((M): Case => [f, true, M, N, K, 64]));
        const want = MS.map((M) => (M <= 8 && big ? v11 : M > 16 && M <= 256 && N >= 8192 ? mixed(M) : LEGACY(M)));
        expect(got, `${f} ${N}x${K}`).to.deep.equal(want);
      }
    }
  });

  it('never picks cfg 413 (NaN on the H200), and a split-K cfg only where K has 2 chunks', function () {
    const cases: Case[] = [];
    for (const M of MS) {
      for (const N of [64, 1096, 4096, 6144, 8192, 14336, 28672]) {
        for (const K of [128, 256, 4096]) cases.push(['int4Fold', true, M, N, K, 128]);
      }
    }
    const got = defaults(cases);
    expect(got).not.to.include(413);
    cases.forEach((c, i) => {
      if (c[4] / c[5] < 2) expect([429, 432], `K=${c[4]}`).not.to.include(got[i]);
    });
  });
});
