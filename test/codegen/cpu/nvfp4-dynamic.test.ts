// NVFP4 weights with NVFP4 activations (NVFP4DynamicActivationNVFP4WeightConfig): the CPU
// kernels equal the oracle — activation quantization (fp4 codes, swizzled e4m3 block scales,
// P_a = amax/2688) bit for bit, and the scaled fp4 GEMM with its epilogue (· D(P_a·P_w), bias
// after; or the bias inside the GEMM when no per-tensor scale exists) within the float-GEMM
// tolerance — for the dynamic config, the config without per-tensor scales, and the static
// (prepare/convert) flow whose weight carries a calibrated act_per_tensor_scale.
import { expect } from 'chai';
import fc from 'fast-check';
import type { FloatDType, FormatSpec } from '../../../src/ir/format.js';
import { cpuBackend } from '../../../src/numerics/golden/backend-cpu.js';
import { compareWithin } from '../../../src/numerics/golden/compare.js';
import { linearTolerance } from '../../../src/numerics/golden/tolerance.js';
import { nvfp4WithStaticActivationScale } from '../../../src/numerics/formats/nvfp4.js';
import { toFloat64 } from '../../../src/numerics/host-codec.js';
import { dequantizeWeight, quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { compareWithOracle, inputs, ISAS } from './against-oracle.js';

const nvfp4 = (weightP: boolean, dynamic: boolean): FormatSpec => ({
  weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: weightP },
  activation: { kind: 'nvfp4', dynamicPerTensorScale: dynamic },
  linear: { kind: 'nvfp4_scaled_mm' },
});

const shapes = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 9 }), fc.nat(), fc.constantFrom(...ISAS));

describe('codegen/cpu NVFP4 activation kernels match the oracle', function () {
  this.timeout(600_000);
  after(() => delete process.env.QF_ISA);

  const cases: Array<[string, FormatSpec, FloatDType[]]> = [
    ['dynamic per-tensor scales (the default config)', nvfp4(true, true), ['bfloat16', 'float32']],
    ['no per-tensor scales (use_dynamic_per_tensor_scale=False): the bias goes into the GEMM', nvfp4(false, false), ['bfloat16', 'float32']],
  ];
  for (const [label, format, dtypes] of cases)
    for (const dtype of dtypes)
      it(`${label}, ${dtype}`, async () => {
        await fc.assert(
          fc.asyncProperty(shapes, async ([n, k, M, seed, isa]) => compareWithOracle(format, dtype, 16 * n, 16 * k, M, seed, isa)),
          { numRuns: 6 },
        );
      });

  it('the static flow: the weight carries act_per_tensor_scale from calibration (bf16)', async () => {
    const format = nvfp4(true, false);
    await fc.assert(
      fc.asyncProperty(shapes, async ([n, k, M, seed, isa]) => {
        process.env.QF_ISA = isa;
        const [N, K] = [16 * n, 16 * k];
        const { w, x, bias } = inputs('bfloat16', N, K, M, seed);
        const calibration = inputs('bfloat16', N, K, 3, seed + 7).x;
        const q = nvfp4WithStaticActivationScale(quantizeWeight(format, w), [calibration]);
        const wf = toFloat64(dequantizeWeight(format, q, 'float32'));
        for (const b of [bias, null]) {
          const c = compareWithin('linear', await cpuBackend.linear(format, x, q, b), referenceLinear(format, x, q, b), linearTolerance(x, wf, N, K, b, 'bfloat16'));
          expect(c.ok, `${isa} N=${N} K=${K} M=${M} bias=${b !== null}: ${c.detail}`).to.equal(true);
        }
      }),
      { numRuns: 6 },
    );
  });
});
