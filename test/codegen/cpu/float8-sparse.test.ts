// Float8 2:4 sparse weights (Float8DynamicActivationFloat8SemiSparseWeightConfig / the SPARSE_*
// packing formats): the CPU kernels prune exactly as torch.topk's tie-breaking does (groups of
// equal magnitudes, zeros, tiny values whose squares round to 0 in the dtype), quantize,
// compress into kept values + metadata, dequantize, quantize activations, and run the sparse
// scaled GEMM — all equal to the oracle, for the per-row '2d' and the per-tensor '1d' layouts.
import { expect } from 'chai';
import fc from 'fast-check';
import type { FloatDType, FormatSpec } from '../../../src/ir/format.js';
import { fromFloat64 } from '../../../src/numerics/host-codec.js';
import { cpuBackend } from '../../../src/numerics/golden/backend-cpu.js';
import { verifyGolden } from '../../../src/numerics/golden/verify.js';
import { GOLDEN_DIR } from '../../numerics/golden-dir.js';
import { resolveText } from '../../ir/configs/python-call.js';
import { compareWithOracle, inputs, ISAS } from './against-oracle.js';

const sparse = (metadata: '2d' | '1d'): FormatSpec => {
  const g = metadata === '2d' ? ({ kind: 'PerRow', dim: -1 } as const) : ({ kind: 'PerTensor' } as const);
  return {
    weight: { layout: 'float8_sparse_2x4', element: 'float8_e4m3fn', metadata, granularity: g },
    activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: g, lowerBound: null, upperBound: null },
    linear: { kind: 'sparse_scaled_mm' },
  };
};

/** Weights whose groups of 4 hold ties: repeated magnitudes of both signs, zeros, 1e-30. */
function tied(N: number, K: number, seed: number, dtype: FloatDType) {
  let s = seed >>> 0;
  const pick = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % 7;
  const menu = [0, -0, 1.5, -1.5, 0.25, 1e-30, -1e-30];
  return fromFloat64(Array.from({ length: N * K }, () => menu[pick()]), dtype, [N, K]);
}

describe('codegen/cpu float8 2:4 sparse kernels match the oracle', function () {
  this.timeout(600_000);
  after(() => delete process.env.QF_ISA);

  for (const metadata of ['2d', '1d'] as const)
    for (const dtype of ['bfloat16', 'float32'] as FloatDType[])
      it(`${metadata} layout, ${dtype}: random weights, K a multiple of 8, N and M ragged`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 37 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 9 }), fc.nat(), fc.constantFrom(...ISAS), async (N, k, M, seed, isa) => {
            await compareWithOracle(sparse(metadata), dtype, N, 8 * k, M, seed, isa);
          }),
          { numRuns: 6 },
        );
      });

  for (const dtype of ['bfloat16', 'float16'] as FloatDType[])
    it(`ties in every group are broken as torch.topk does (${dtype})`, async () => {
      for (const seed of [1, 2, 3]) {
        const given = { ...inputs(dtype, 24, 64, 3, seed), w: tied(24, 64, seed, dtype) };
        await compareWithOracle(sparse('2d'), dtype, 24, 64, 3, seed, 'avx2', given);
      }
    });

  it('Float8DynamicActivationFloat8SemiSparseWeightConfig() as the registry lowers it (e5m2 activations)', async () => {
    const format = resolveText('Float8DynamicActivationFloat8SemiSparseWeightConfig()').format;
    expect(format.activation).to.deep.include({ kind: 'float8', element: 'float8_e5m2' });
    for (const isa of ISAS) await compareWithOracle(format, 'bfloat16', 19, 96, 6, 4, isa);
  });

  it('stores half the weight bytes plus one metadata byte per 8 elements', async () => {
    const q = await cpuBackend.quantizeWeight(sparse('2d'), inputs('bfloat16', 16, 64, 1, 5).w);
    expect(q.tensors.qdata.shape).to.deep.equal([16, 32]);
    expect(q.tensors.sparse_metadata.shape).to.deep.equal([16, 8]);
  });

  it("torchao's prune-and-rowwise stage goldens, read back from the kernel's compressed weight", async () => {
    const summary = await verifyGolden(GOLDEN_DIR, cpuBackend, { filter: 'float8_sparse_2x4__prune_and_rowwise_stage' });
    expect(summary.results.map((r) => `${r.caseId} ${r.outcome} ${r.reason}`)).to.have.length(2);
    for (const r of summary.results) expect(r.outcome, `${r.caseId}: ${r.reason}`).to.equal('passed');
  });
});
