// Dynamic-activation kernels from Node on a GPU (Int8DynamicActivationInt8WeightConfig, blockwise
// float8): weights quantized by the numerics oracle, uploaded as torchao stores them (no
// repack), and run by the generated CUDA kernels through runtime/src/ops/cuda-linear.ts;
// outputs against the oracle's reference linear, which for int8 is torchao's bit-exact §3.2
// arithmetic on an exact int32 GEMM. Runs on the GPU machine (not in CI).
// QF_CUDA_MODULE_DIR may point at a prebuilt dyn module (bench/gpu/build-module.ts <dir> dyn).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cuda, DeviceTensor, loadModule, type Module } from '../../../runtime/src/index.js';
import { CudaQuantizedLinear, type CudaLinearLayout } from '../../../runtime/src/ops/cuda-linear.js';
import { quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { bf16, toRt, bf16Values } from './gpu-fixtures.js';
import { DYN_FORMATS } from '../../../bench/gpu/dyn-kernel-set.js';

const TAGS = ['int8dq_row_sym', 'int8dq_row_asym', 'int8dq_tensor_sym', 'fp8dq_block'] as const;

async function dynModule(): Promise<{ mod: Module; table: Record<string, CudaLinearLayout> }> {
  const dir = process.env.QF_CUDA_MODULE_DIR;
  if (dir) return { mod: loadModule(join(dir, 'libqf_cuda_bench.so')), table: JSON.parse(readFileSync(join(dir, 'kernels.json'), 'utf8')) };
  const { generateCudaModule } = await import('../../../codegen/cuda/module.js');
  const { compileCudaModule } = await import('../../../codegen/toolchain/index.js');
  const { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } = await import('../../../codegen/cuda/headers.js');
  const { dynSpecs } = await import('../../../bench/gpu/dyn-kernel-set.js');
  const specs = dynSpecs();
  const { source, entries } = generateCudaModule(TAGS.map((t) => specs[t]!));
  const built = await compileCudaModule({ source, name: 'qf_cuda_dyn_gpu_test', includeDirs: [CUDA_INCLUDE_DIR, CUDA_EXTRA_INCLUDE_DIR], extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`] });
  const table: Record<string, CudaLinearLayout> = {};
  for (const t of TAGS) {
    const e = entries.find((x) => JSON.stringify(x.spec) === JSON.stringify(specs[t]));
    if (e) table[t] = { ...e.format, name: e.name };
  }
  return { mod: loadModule(built.path), table };
}

describe('codegen/cuda dynamic-activation kernels from Node on a GPU', function () {
  this.timeout(600_000);
  let mod: Module;
  let table: Record<string, CudaLinearLayout>;
  before(async function () {
    if (!cuda.isAvailable()) throw new Error(`no GPU: ${cuda.unavailableReason()}`);
    ({ mod, table } = await dynModule());
    console.log(`      ${cuda.deviceInfo(0).name}`);
  });

  for (const tag of TAGS) {
    it(`${tag}: CUDA linear vs the oracle's reference (M = 1, 9, 16, 96: GEMV and GEMM paths)`, () => {
      const spec = DYN_FORMATS[tag]!;
      const [N, K] = [256, 1024];
      const q = quantizeWeight(spec, bf16([N, K], 17, 0.05), { device: 'cuda' });
      const bias = bf16([N], 5, 0.1);
      const inner = Object.fromEntries(Object.entries(q.tensors).map(([k, v]) => [k, toRt(v)]));
      using lin = new CudaQuantizedLinear(mod, table[tag]!, inner, N, K, toRt(bias));
      for (const M of [1, 9, 16, 96]) {
        const x = bf16([M, K], 100 + M, 1, 0.25);
        const ref = bf16Values(referenceLinear(spec, x, q, bias).data);
        using dx = DeviceTensor.fromHost(toRt(x));
        using dy = DeviceTensor.empty([M, N], 'bfloat16');
        lin.forward(dx, dy);
        const y = bf16Values(dy.toHost().bytes());
        let num = 0, den = 0, equal = 0;
        for (let i = 0; i < y.length; i++) {
          num += (y[i]! - ref[i]!) ** 2;
          den += ref[i]! ** 2;
          if (y[i] === ref[i]) equal++;
        }
        const err = Math.sqrt(num / den);
        console.log(`      ${tag} M=${M}: rel. error vs oracle ${err.toExponential(2)}, ${equal}/${y.length} elements equal`);
        expect(y.every(Number.isFinite)).to.equal(true);
        expect(err).to.be.lessThan(1e-2);
        // The int8 GEMM is exact and the epilogue is torchao's: only an activation scale that
        // the CPU and CUDA divisions round differently may change an element (spec §2.4).
        if (tag.startsWith('int8')) expect(equal / y.length).to.be.greaterThan(0.99);
      }
    });
  }
});
