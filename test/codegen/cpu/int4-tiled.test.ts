// Int4TilePackedTo4dTensor on CPU (codegen/cpu/include/qf/int4_tiled*.h) against the oracle:
// torchao's 4-D qdata and scale_and_zero bit for bit from quantize_weight (tinygemm, version
// 1's eps, HQQ's fp32 solver), dequantize bit for bit, linear within the float-GEMM tolerance,
// on every ISA path, with N and K off the padding multiples (ntile 8/16, K to 1024).
import { expect } from 'chai';
import fc from 'fast-check';
import type { FormatSpec, WeightFormat } from '../../../src/ir/format.js';
import { cpuBackend } from '../../../src/numerics/golden/backend-cpu.js';
import { compareExact, compareWithin } from '../../../src/numerics/golden/compare.js';
import { linearTolerance } from '../../../src/numerics/golden/tolerance.js';
import { fromFloat64, toFloat64 } from '../../../src/numerics/host-codec.js';
import type { HostTensor } from '../../../src/numerics/host-tensor.js';
import { dequantizeWeight, quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { generateCpuKernel } from '../../../codegen/cpu/generate.js';
import { unsupportedReason } from '../../../codegen/cpu/instantiate.js';
import { spec } from './specs.js';

type Tiled = Extract<WeightFormat, { layout: 'int4_tile_packed_to_4d' }>;

const ISAS = ['scalar', 'avx2', 'avx512'] as const;

const tiled = (groupSize: number, qparams: Tiled['qparams'], ntile: 8 | 16 = 8): FormatSpec => ({
  weight: { layout: 'int4_tile_packed_to_4d', groupSize, qparams, ntile },
  activation: null,
  linear: { kind: 'tinygemm_int4' },
});

/** Random values with a zero row, a constant row and outlier columns (golden-style rows). */
function values(n: number, k: number, seed: number): number[] {
  let s = seed >>> 0;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const v: number[] = [];
  for (let r = 0; r < n; r++)
    for (let c = 0; c < k; c++) v.push(r === 1 ? 0 : r === 2 ? -0.375 : rnd() * (c % 13 === 0 ? 40 : 1) * 2 ** ((r % 5) - 2));
  return v;
}

function check(r: { ok: boolean; name: string; detail: string }, where: string): void {
  expect(r.ok, `${where}: ${r.name}: ${r.detail}`).to.equal(true);
}

async function compareAll(format: FormatSpec, N: number, K: number, M: number, seed: number, isa: string): Promise<void> {
  process.env.QF_ISA = isa;
  const where = `${isa} N=${N} K=${K} M=${M}`;
  const w = fromFloat64(values(N, K, seed), 'bfloat16', [N, K]);
  const want = quantizeWeight(format, w);
  const got = await cpuBackend.quantizeWeight(format, w);
  for (const name of ['qdata', 'scale_and_zero']) check(compareExact(name, got.tensors[name], want.tensors[name]), where);
  for (const dtype of ['bfloat16', 'float32'] as const)
    check(compareExact(`dequantized ${dtype}`, await cpuBackend.dequantizeWeight(format, want, dtype), dequantizeWeight(format, want, dtype)), where);
  const x = fromFloat64(values(M, K, seed + 1), 'bfloat16', [M, K]);
  const bias = fromFloat64(values(1, N, seed + 2), 'bfloat16', [N]);
  const wf = toFloat64(dequantizeWeight(format, want, 'float32'));
  for (const b of [bias, null] as Array<HostTensor | null>) {
    const y = await cpuBackend.linear(format, x, want, b);
    check(compareWithin('linear', y, referenceLinear(format, x, want, b), linearTolerance(x, wf, N, K, b, 'bfloat16')), `${where} bias=${b !== null}`);
  }
}

describe('codegen/cpu int4 tile_packed_to_4d (tinygemm layout) matches the oracle', function () {
  this.timeout(600_000);
  after(() => delete process.env.QF_ISA);

  // the fixed-shape cases below reuse the property cases' formats (one compiled module each)
  const EVERY_GROUP: FormatSpec[] = [tiled(128, 'tinygemm', 8), tiled(64, 'tinygemm_v1', 8), tiled(32, 'tinygemm', 16)];

  for (const [qparams, g, ntile] of [['tinygemm', 128, 8], ['tinygemm', 32, 16], ['tinygemm_v1', 64, 8], ['hqq', 64, 8]] as const)
    it(`${qparams} g${g} ntile ${ntile}: quantize, dequantize and linear on random shapes`, async () => {
      const format = tiled(g, qparams, ntile);
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 37 }), fc.integer({ min: 1, max: 1300 }), fc.integer({ min: 1, max: 6 }), fc.nat(), fc.constantFrom(...ISAS), async (N, K, M, seed, isa) => {
          await compareAll(format, N, K, M, seed, isa);
        }),
        { numRuns: qparams === 'hqq' ? 3 : 5 },
      );
    });

  it('reads a weight padded in both dimensions (N=9, K=1030 of 2048) with tokens in two tiles, every group size', async () => {
    for (const format of EVERY_GROUP) for (const isa of ISAS) await compareAll(format, 9, 1030, 7, 5, isa);
  });

  it('runs one token against whole n-tiles of 8 rows and a partial one (N=20, M=1), every group size', async () => {
    for (const format of EVERY_GROUP) for (const isa of ISAS) await compareAll(format, 20, 1030, 1, 8, isa);
  });

  it('runs blocks of 16 tokens against whole n-tiles (N=16, M=35: 16 + 16 + 3), every group size', async () => {
    for (const format of EVERY_GROUP) await compareAll(format, 16, 640, 35, 9, 'avx512');
  });

  it('is bf16-only where torchao is, and generates the spec constants', () => {
    expect(unsupportedReason(spec('quantize_weight', tiled(64, 'tinygemm'), 'float16'))).to.match(/supports only bfloat16 for Int4TilePackedTo4dTensor/);
    expect(unsupportedReason(spec('linear', tiled(64, 'tinygemm'), 'float32'))).to.match(/supports only bfloat16/);
    expect(unsupportedReason(spec('dequantize', tiled(64, 'tinygemm'), 'float32'))).to.equal(null);
    expect(generateCpuKernel(spec('quantize_weight', tiled(128, 'hqq', 16), 'bfloat16'))).to.contain('qf::int4_tiled::quantize_weight<qf::int4_tiled::Qparams::Hqq, 128, 16>');
    expect(generateCpuKernel(spec('quantize_weight', tiled(32, 'tinygemm_v1'), 'bfloat16'))).to.contain('qf::hp_round<qf::Dt::BF16>(1e-6f)');
  });
});
