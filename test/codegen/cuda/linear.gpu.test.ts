// The TypeScript path on a GPU: weights quantized by the numerics oracle (torchao's numerics),
// uploaded once through the runtime, repacked on the device, and run by the generated CUDA
// kernels from Node (runtime/src/ops/cuda-linear.ts); outputs against the oracle's reference
// linear. Runs on the GPU machine (`npm run test:gpu`, or scripts/gpu/node-check.sh).
// QF_CUDA_MODULE_DIR may point at a prebuilt bench module (bench/gpu/build-module.ts output);
// otherwise the module is generated and compiled here.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cuda, DeviceTensor, loadModule, type Module } from '../../../runtime/src/index.js';
import { CudaQuantizedLinear, type CudaLinearLayout } from '../../../runtime/src/ops/cuda-linear.js';
import { quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { bf16, toRt, bf16Values } from './gpu-fixtures.js';
import { BENCH_FORMATS } from '../../../bench/gpu/kernel-set.js';

const TAGS = ['int4_plain_g128', 'int4_plain_g32', 'int8_row', 'fp8_row', 'fp8dq_row', 'fp8dq_tensor'] as const;

async function cudaModule(): Promise<{ mod: Module; table: Record<string, CudaLinearLayout> }> {
  const dir = process.env.QF_CUDA_MODULE_DIR;
  if (dir) {
    return { mod: loadModule(join(dir, 'libqf_cuda_bench.so')), table: JSON.parse(readFileSync(join(dir, 'kernels.json'), 'utf8')) };
  }
  const { generateCudaModule } = await import('../../../codegen/cuda/module.js');
  const { compileCudaModule } = await import('../../../codegen/toolchain/index.js');
  const { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } = await import('../../../codegen/cuda/headers.js');
  const { benchSpecs } = await import('../../../bench/gpu/kernel-set.js');
  const specs = benchSpecs();
  const { source, entries } = generateCudaModule(TAGS.map((t) => specs[t]));
  const built = await compileCudaModule({ source, name: 'qf_cuda_gpu_test', includeDirs: [CUDA_INCLUDE_DIR, CUDA_EXTRA_INCLUDE_DIR], extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`] });
  const table: Record<string, CudaLinearLayout> = {};
  for (const t of TAGS) {
    const e = entries.find((x) => JSON.stringify(x.spec) === JSON.stringify(specs[t]));
    if (e) table[t] = { ...e.format, name: e.name };
  }
  return { mod: loadModule(built.path), table };
}

describe('codegen/cuda kernels from Node on a GPU', function () {
  this.timeout(600_000);
  let mod: Module;
  let table: Record<string, CudaLinearLayout>;
  before(async function () {
    if (!cuda.isAvailable()) throw new Error(`no GPU: ${cuda.unavailableReason()}`);
    ({ mod, table } = await cudaModule());
    console.log(`      ${cuda.deviceInfo(0).name}`);
  });

  for (const tag of TAGS) {
    it(`${tag}: oracle-quantized weights, CUDA linear vs the oracle's reference (M = 1, 16, 96)`, () => {
      const spec = BENCH_FORMATS[tag];
      const [N, K] = [256, 1024];
      const w = bf16([N, K], 17, 0.05);
      const q = quantizeWeight(spec, w, { device: 'cuda' });
      const bias = bf16([N], 5, 0.1);
      const inner = Object.fromEntries(Object.entries(q.tensors).map(([k, v]) => [k, toRt(v)]));
      using lin = new CudaQuantizedLinear(mod, table[tag], inner, N, K, toRt(bias));
      for (const M of [1, 16, 96]) {
        const x = bf16([M, K], 100 + M, 1);
        const ref = bf16Values(referenceLinear(spec, x, q, bias).data);
        using dx = DeviceTensor.fromHost(toRt(x));
        using dy = DeviceTensor.empty([M, N], 'bfloat16');
        lin.forward(dx, dy);
        const y = bf16Values(dy.toHost().bytes());
        let num = 0, den = 0;
        for (let i = 0; i < y.length; i++) {
          num += (y[i] - ref[i]) ** 2;
          den += ref[i] ** 2;
        }
        const err = Math.sqrt(num / den);
        console.log(`      ${tag} M=${M}: rel. error vs oracle ${err.toExponential(2)}`);
        expect(y.every(Number.isFinite)).to.equal(true);
        expect(err).to.be.lessThan(1e-2);
      }
    });
  }

  it('int4 g128 decode from Node: time per call on 14336 x 4096 (M = 1)', async () => {
    const [N, K] = [14336, 4096];
    const spec = BENCH_FORMATS.int4_plain_g128;
    const q = quantizeWeight(spec, bf16([N, K], 3, 0.05), { device: 'cuda' });
    const inner = Object.fromEntries(Object.entries(q.tensors).map(([k, v]) => [k, toRt(v)]));
    using lin = new CudaQuantizedLinear(mod, table.int4_plain_g128, inner, N, K, null);
    using dx = DeviceTensor.fromHost(toRt(bf16([1, K], 9, 1)));
    using dy = DeviceTensor.empty([1, N], 'bfloat16');
    for (let i = 0; i < 20; i++) lin.forward(dx, dy);
    cuda.synchronize();
    const reps = 500;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) lin.forward(dx, dy);
    cuda.synchronize();
    const us = Number(process.hrtime.bigint() - t0) / 1e3 / reps;
    console.log(`      Node: ${us.toFixed(1)} us per call (queue + kernel, weights in L2 between calls)`);
    await lin.forwardAsync(dx, dy);
    expect(us).to.be.greaterThan(0);
  });
});
