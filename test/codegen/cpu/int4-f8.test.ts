// Float8DynamicActivationInt4WeightConfig (plain) on CPU (codegen/cpu/include/qf/int4_f8.h)
// against the oracle: symmetric int4 weights bit for bit, mslk's quantize_fp8_row activation
// (e4m3 codes and fp32 row scales, the 1/512 amax floor) bit for bit, the fp8 × int4 linear
// (bf16 out) within the float-GEMM tolerance, on every ISA path; K includes a short last
// group (mslk splits K into chunks of 128) and values that saturate or vanish in e4m3.
import { expect } from 'chai';
import fc from 'fast-check';
import type { FormatSpec } from '../../../src/ir/format.js';
import { cpuBackend } from '../../../src/numerics/golden/backend-cpu.js';
import { compareExact } from '../../../src/numerics/golden/compare.js';
import { fromFloat64 } from '../../../src/numerics/host-codec.js';
import { quantizeActivation } from '../../../src/numerics/index.js';
import { unsupportedReason } from '../../../codegen/cpu/instantiate.js';
import { compareWithOracle, ISAS } from './against-oracle.js';
import { spec } from './specs.js';

const F8I4: FormatSpec = {
  weight: { layout: 'int4_plain', groupSize: 128, mapping: 'symmetric' },
  activation: { kind: 'float8_row_mslk' },
  linear: { kind: 'mslk_int4' },
};

describe('codegen/cpu fp8-activation int4 (mslk f8i4 rowwise) matches the oracle', function () {
  this.timeout(600_000);
  after(() => delete process.env.QF_ISA);

  it('bf16: quantize, activation, dequantize and linear on random shapes (whole and short last groups)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 37 }), fc.integer({ min: 1, max: 200 }).map((k) => 2 * k), fc.integer({ min: 1, max: 6 }), fc.nat(), fc.constantFrom(...ISAS), async (N, K, M, seed, isa) => {
          await compareWithOracle(F8I4, 'bfloat16', N, K, M, seed, isa);
        }),
      { numRuns: 8 },
    );
    for (const isa of ISAS) await compareWithOracle(F8I4, 'bfloat16', 7, 512, 5, 3, isa);
    // one token: rows in fours (10 = 4 + 4 + 2 single rows)
    for (const isa of ISAS) await compareWithOracle(F8I4, 'bfloat16', 10, 384, 1, 4, isa);
  });

  it('quantizes activation rows at the 1/512 floor, zero rows and e4m3 saturation exactly (float16 x too)', async () => {
    const K = 40;
    const rows = [Array(K).fill(0), Array.from({ length: K }, (_, i) => (i - 20) * 1e-4), Array.from({ length: K }, (_, i) => (i % 7) * 1000 - 3000)];
    for (const dtype of ['bfloat16', 'float16'] as const) {
      const x = fromFloat64(rows.flat(), dtype, [3, K]);
      const got = await cpuBackend.quantizeActivation(F8I4, x);
      const want = quantizeActivation(F8I4, x);
      for (const name of ['qdata', 'scale']) {
        const c = compareExact(name, got.tensors[name], want.tensors[name]);
        expect(c.ok, `${dtype} ${name}: ${c.detail}`).to.equal(true);
      }
    }
  });

  it('refuses a float8-activation linear outside bf16 (the mslk GEMM writes bf16)', () => {
    expect(unsupportedReason(spec('linear', F8I4, 'float16'))).to.match(/bf16-only/);
    expect(unsupportedReason(spec('quantize_activation', F8I4, 'float16'))).to.equal(null);
  });
});
