// Float8 with PerBlock scales (Float8DynamicActivationFloat8WeightConfig with
// granularity=[PerBlock([1, 128]), PerBlock([128, 128])]): every CPU kernel equals the
// oracle — weight blocks of 128x128, activation blocks of 1x128, the blockwise GEMM — on
// random shapes, token counts that leave partial token tiles and row counts that leave ragged
// tasks; a small [2, 16] block exercises many blocks per row and per column.
import { expect } from 'chai';
import fc from 'fast-check';
import type { FloatDType, FormatSpec } from '../../../src/ir/format.js';
import { kernelName, type KernelSpec } from '../../../src/ir/kernel-spec.js';
import { compileCpuKernels } from '../../../codegen/cpu/compile.js';
import { loadModule, Tensor } from '../../../runtime/src/index.js';
import { compareWithOracle, ISAS } from './against-oracle.js';

const blockwise = (br: number, bc: number, lb: number | null = null): FormatSpec => ({
  weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [br, bc] } },
  activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerBlock', blockSize: [1, bc] }, lowerBound: lb, upperBound: null },
  linear: { kind: 'blockwise_scaled_mm' },
});

describe('codegen/cpu float8 PerBlock kernels match the oracle', function () {
  this.timeout(600_000);
  after(() => delete process.env.QF_ISA);

  it('the 1x128 / 128x128 config (bf16): N, K multiples of 128, M = 1..9', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 9 }), fc.nat(), fc.constantFrom(...ISAS), async (n, k, M, seed, isa) => {
        await compareWithOracle(blockwise(128, 128), 'bfloat16', 128 * n, 128 * k, M, seed, isa);
      }),
      { numRuns: 5 },
    );
  });

  for (const dtype of ['bfloat16', 'float32', 'float16'] as FloatDType[])
    it(`[2, 16] weight blocks, [1, 16] activation blocks, an amax lower bound (${dtype})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 21 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 7 }), fc.nat(), fc.constantFrom(...ISAS), async (n, k, M, seed, isa) => {
          // 0.31 is not a bf16/fp16 value: the clamped amax is rounded to the dtype before the division
          await compareWithOracle(blockwise(2, 16, 0.31), dtype, 2 * n, 16 * k, M, seed, isa);
        }),
        { numRuns: 6 },
      );
    });

  it('refuses a weight that is not made of whole blocks, naming the shape and the block', async () => {
    const spec: KernelSpec = { op: 'quantize_weight', format: blockwise(128, 128), target: 'cpu', shapeClass: { dtype: 'bfloat16' }, tile: { rows: 4, tokens: 1 } };
    const mod = loadModule((await compileCpuKernels([spec], 'qf_test_fp8_blocks')).path);
    const w = Tensor.empty([100, 128], 'bfloat16');
    const call = () => mod.fn(kernelName(spec)).call(w, Tensor.empty([100, 128], 'float8_e4m3fn'), Tensor.empty([1, 1], 'float32'));
    expect(call).to.throw(/weight shape \[100, 128\] is not divisible by the block size \[128, 128\]/);
  });
});

describe('codegen/cpu float8 dynamic activations with amax bounds', function () {
  this.timeout(600_000);
  after(() => delete process.env.QF_ISA);
  // torchao clamps the amax tensor (dtype T) with Python floats: the bound is rounded to T
  it('per-row activations with a lower bound that is not a bf16 value (0.31: D(0.31)/448 and 0.31/448 round apart)', async () => {
    const format: FormatSpec = {
      weight: { layout: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 } },
      activation: { kind: 'float8', element: 'float8_e4m3fn', granularity: { kind: 'PerRow', dim: -1 }, lowerBound: 0.31, upperBound: 40.1 },
      linear: { kind: 'scaled_mm', useFastAccum: true },
    };
    for (const isa of ISAS) await compareWithOracle(format, 'bfloat16', 9, 40, 5, 3, isa);
  });
});
