// Every generated CPU kernel against the numerics oracle on random shapes, on each ISA path
// this machine has (QF_ISA caps the run-time choice per call): quantized tensors and
// dequantized weights bit for bit, linear outputs within the float-GEMM tolerance
// (src/numerics/golden/tolerance.ts) of torchao's result. Shapes include ragged tails: K not
// a multiple of the vector width (row-scaled formats) and N not a multiple of the row split.
import { expect } from 'chai';
import fc from 'fast-check';
import { cpuBackend } from '../../../src/numerics/golden/backend-cpu.js';
import { compareExact, compareWithin } from '../../../src/numerics/golden/compare.js';
import { linearTolerance } from '../../../src/numerics/golden/tolerance.js';
import { fromFloat64, toFloat64 } from '../../../src/numerics/host-codec.js';
import { dequantizeWeight, quantizeActivation, quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import type { FloatDType, FormatSpec } from '../../../src/ir/format.js';
import type { HostTensor } from '../../../src/numerics/host-tensor.js';
import { FORMATS } from './specs.js';

const ISAS = ['scalar', 'avx2', 'avx512'] as const;

/** The K step a format needs: its group size, 2 for packed int4, else 1. */
function kStep(f: FormatSpec): number {
  const w = f.weight;
  if ('granularity' in w && w.granularity.kind === 'PerGroup') return w.granularity.groupSize;
  if (w.layout === 'int4_plain') return w.groupSize;
  if (w.layout === 'mx' || w.layout === 'nvfp4') return w.blockSize;
  return 1;
}

/** Values with the awkward rows torchao's goldens use: a zero row, a constant row, outliers. */
function values(n: number, k: number, seed: number): number[] {
  let s = seed >>> 0;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const v: number[] = [];
  for (let r = 0; r < n; r++)
    for (let c = 0; c < k; c++) {
      if (r === 1) v.push(0);
      else if (r === 2) v.push(0.75);
      else v.push(rnd() * (c % 17 === 0 ? 60 : 1) * 2 ** ((r % 5) - 2));
    }
  return v;
}

function check(ok: { ok: boolean; detail: string; name: string }, what: string): void {
  expect(ok.ok, `${what}: ${ok.name}: ${ok.detail}`).to.equal(true);
}

async function compareAll(format: FormatSpec, dtype: FloatDType, N: number, K: number, M: number, seed: number, isa: string): Promise<void> {
  process.env.QF_ISA = isa;
  const w = fromFloat64(values(N, K, seed), dtype, [N, K]);
  const x = fromFloat64(values(M, K, seed + 1).map((v, i) => (i < K ? v : v * 0.5)), dtype, [M, K]);
  const bias = fromFloat64(values(1, N, seed + 2), dtype, [N]);
  const want = quantizeWeight(format, w);
  const got = await cpuBackend.quantizeWeight(format, w);
  const where = `${isa} N=${N} K=${K} M=${M} ${dtype}`;
  for (const name of Object.keys(got.tensors)) check(compareExact(name, got.tensors[name], want.tensors[name]), where);
  check(compareExact('dequantized', await cpuBackend.dequantizeWeight(format, want, dtype), dequantizeWeight(format, want, dtype)), where);
  if (format.activation) {
    const a = await cpuBackend.quantizeActivation(format, x);
    const ref = quantizeActivation(format, x);
    for (const name of Object.keys(a.tensors)) check(compareExact(`act.${name}`, a.tensors[name], ref.tensors[name]), where);
  }
  for (const b of [bias, null] as Array<HostTensor | null>) {
    const y = await cpuBackend.linear(format, x, want, b);
    const ref = referenceLinear(format, x, want, b);
    const wf = toFloat64(dequantizeWeight(format, want, 'float32'));
    check(compareWithin('linear', y, ref, linearTolerance(x, wf, N, K, b, dtype)), `${where} bias=${b !== null}`);
  }
}

describe('codegen/cpu kernels match the oracle (property)', function () {
  this.timeout(600_000);
  after(() => delete process.env.QF_ISA);

  const cases: Array<[string, FloatDType[]]> = [
    ['int8_wo_row', ['bfloat16', 'float32', 'float16']],
    ['int8_wo_tensor', ['bfloat16']],
    ['int8_wo_g32', ['bfloat16']],
    ['int8_dyn_sym', ['bfloat16', 'float32']],
    ['int8_dyn_asym_tensor', ['bfloat16']],
    ['int4_g128', ['bfloat16', 'float32']],
    ['int4_g32', ['bfloat16']],
    ['fp8_wo_row', ['bfloat16', 'float32']],
    ['fp8_wo_e5m2_g32', ['bfloat16']],
    ['fp8_dyn_row', ['bfloat16']],
    ['intx_int4_g32_asym', ['bfloat16', 'float16']],
    ['intx_int3_axis_noclip_f32scale_dyn', ['bfloat16', 'float32']],
    ['mx_fp4_rceil', ['bfloat16']],
    ['mx_fp8_e4m3_floor', ['bfloat16']],
    ['nvfp4_wo', ['bfloat16', 'float32']],
    ['nvfp4_wo_no_p', ['bfloat16']],
  ];
  for (const [label, dtypes] of cases)
    for (const dtype of dtypes) {
      it(`${label} ${dtype}`, async () => {
        const format = FORMATS[label];
        const step = kStep(format);
        const kArb = step === 1 ? fc.integer({ min: 1, max: 300 }) : fc.integer({ min: 1, max: Math.max(1, Math.floor(320 / step)) }).map((g) => g * step);
        // NVFP4 needs N % 16 == 0 (torchao's shape rule); the row split still leaves ragged tasks
        const nArb = format.weight.layout === 'nvfp4' ? fc.integer({ min: 1, max: 3 }).map((n) => 16 * n) : fc.integer({ min: 3, max: 37 });
        await fc.assert(
          fc.asyncProperty(nArb, kArb, fc.integer({ min: 1, max: 6 }), fc.nat(), fc.constantFrom(...ISAS), async (N, K, M, seed, isa) => {
            await compareAll(format, dtype, N, K, M, seed, isa);
          }),
          { numRuns: 6 },
        );
      });
    }

  // Several tokens (M > 1) take the register-blocked token tiles on AVX512-BF16 machines: two
  // blocks of 32 tokens, groups of 4 rows plus single rows, a K chunk remainder (416 = 3·128 + 32).
  for (const label of ['int4_g128', 'int4_g32', 'int8_wo_row', 'int8_wo_tensor', 'fp8_wo_row', 'int8_dyn_sym'])
    it(`${label} bfloat16, token tiles (N=7, M=35)`, async () => {
      const format = FORMATS[label];
      const K = kStep(format) > 1 ? 384 : 416;
      for (const isa of ISAS) await compareAll(format, 'bfloat16', 7, K, 35, 11, isa);
    });

  // One token whose x outgrows L1 (bf16 x of int4 at K > 8192, fp32 x of the one-byte formats
  // at K > 4096) takes the side-by-side rows on AVX-512: 8 (int4) or 4 rows per pass over x,
  // single rows at the end of a task (N = 150: tasks of 9 rows on 2 threads); one int8 dynamic
  // token with symmetric x the weight-side VNNI bias; all with a K tail past the last 64
  // (4113 = 64·64 + 17).
  const long: Array<[string, number]> = [
    ['int4_g128', 8320], ['int8_wo_row', 4113], ['int8_wo_tensor', 4113], ['fp8_wo_row', 4113], ['int8_dyn_sym', 4113], ['int8_dyn_asym_tensor', 4113],
  ];
  for (const [label, K] of long)
    it(`${label} bfloat16, one token with a long K (N=150, K=${K})`, async () => {
      for (const isa of ISAS) await compareAll(FORMATS[label], 'bfloat16', 150, K, 1, 5, isa);
    });
});
