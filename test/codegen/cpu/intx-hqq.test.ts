// IntxUnpackedToInt8 with HQQ_SCALE_ONLY on CPU (codegen/cpu/include/qf/intx_hqq.h) against
// the oracle: the fp32 least-squares scales (torch.sum order), values and zero points bit for
// bit, for weight-only and int8-dynamic configs, group and per-axis granularity, a scale dtype
// other than the weight's, on every ISA path, N and K off any vector multiple.
import fc from 'fast-check';
import type { FloatDType, FormatSpec, Granularity, IntElement } from '../../../src/ir/format.js';
import { compareWithOracle, ISAS } from './against-oracle.js';

const hqq = (element: IntElement, granularity: Granularity, scaleDtype: FloatDType | null, dynamic: boolean): FormatSpec => ({
  weight: { layout: 'intx_unpacked_to_int8', element, granularity, mapping: 'SYMMETRIC', scaleDtype, algorithm: 'hqq_scale_only' },
  activation: dynamic ? { kind: 'int8_asym_per_token_fake_quant' } : null,
  linear: { kind: 'dequantize_then_matmul' },
});

describe('codegen/cpu intx hqq_scale_only matches the oracle', function () {
  this.timeout(600_000);
  after(() => delete process.env.QF_ISA);

  const cases: Array<[string, FormatSpec, FloatDType[]]> = [
    ['int4 g32', hqq('int4', { kind: 'PerGroup', groupSize: 32 }, null, false), ['bfloat16', 'float32']],
    ['int3 per-axis, fp32 scales', hqq('int3', { kind: 'PerAxis', axis: 0 }, 'float32', false), ['bfloat16']],
    ['int8 g16, int8 dynamic activation', hqq('int8', { kind: 'PerGroup', groupSize: 16 }, null, true), ['float16']],
  ];
  for (const [label, format, dtypes] of cases)
    for (const dtype of dtypes)
      it(`${label} ${dtype}`, async () => {
        const g = format.weight.layout === 'intx_unpacked_to_int8' && format.weight.granularity.kind === 'PerGroup' ? format.weight.granularity.groupSize : 1;
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 37 }), fc.integer({ min: 1, max: 12 }).map((k) => k * (g === 1 ? 23 : g)), fc.integer({ min: 1, max: 5 }), fc.nat(), fc.constantFrom(...ISAS), async (N, K, M, seed, isa) => {
            await compareWithOracle(format, dtype, N, K, M, seed, isa);
          }),
          { numRuns: 5 },
        );
      });
});
