// MX (MXDynamicActivationMXWeightConfig): every element type the config takes — fp8 e4m3 and
// e5m2, fp6 e2m3 and e3m2, fp4 e2m1 — in every scale calculation mode — FLOOR, RCEIL, CEIL,
// EVEN — has CPU kernels equal to the oracle: weight quantization (swizzled e8m0 scales) and
// activation quantization (row-major scales) bit for bit, dequantize, and the emulated linear.
// N is not a multiple of 128 (scale rows padded by the swizzle) and M leaves partial token tiles.
import fc from 'fast-check';
import type { FormatSpec, MXElement, MXScalingMode } from '../../../src/ir/format.js';
import { compareWithOracle, ISAS } from './against-oracle.js';

const ELEMENTS: MXElement[] = ['float8_e4m3fn', 'float8_e5m2', 'fp6_e2m3', 'fp6_e3m2', 'fp4_e2m1'];
const MODES: MXScalingMode[] = ['FLOOR', 'RCEIL', 'CEIL', 'EVEN'];

const mx = (element: MXElement, scaling: MXScalingMode, auto = false): FormatSpec => ({
  weight: { layout: 'mx', element, blockSize: 32, scaling },
  activation: { kind: 'mx', element, blockSize: 32, scaling },
  // KernelPreference.AUTO (the e8m0 block-scaled GEMM) and EMULATED compute the same products
  linear: auto ? { kind: 'mx_scaled_mm' } : { kind: 'dequantize_then_matmul' },
});

describe('codegen/cpu MX kernels: every element and scaling mode matches the oracle', function () {
  this.timeout(600_000);
  after(() => delete process.env.QF_ISA);

  for (const element of ELEMENTS)
    for (const scaling of MODES)
      it(`${element} ${scaling} (bf16)`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 140 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 }), fc.nat(), fc.constantFrom(...ISAS), async (N, k, M, seed, isa) => {
            await compareWithOracle(mx(element, scaling), 'bfloat16', N, 32 * k, M, seed, isa);
          }),
          { numRuns: 3 },
        );
      });

  for (const element of ['float8_e4m3fn', 'fp4_e2m1'] as MXElement[])
    it(`${element} RCEIL with kernel_preference AUTO (the block-scaled GEMM's linear kind)`, async () => {
      for (const isa of ISAS) await compareWithOracle(mx(element, 'RCEIL', true), 'bfloat16', 130, 96, 5, 9, isa);
    });
});
