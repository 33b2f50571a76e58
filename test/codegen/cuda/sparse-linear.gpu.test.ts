// The 2:4 sparse float8 path from Node on a GPU: the weight pruned, quantized and compressed by
// the numerics oracle (qdata [N, K/2], sparse_metadata [N, K/8], scale [N, 1]), uploaded through
// the runtime, packed into cuSPARSELt's layout on the device once (CudaQuantizedLinear, repack
// 'cusparselt'), and run by the generated kernel; outputs against the oracle's reference linear
// (relative error <= 1e-2, every element within 2^-6 |ref| + 1e-2 rms(ref)). Runs on the GPU
// machine (scripts/gpu/sparse-check.sh, which carries the bundled test); QF_CUDA_MODULE_DIR may
// point at build/gpu-sparse (bench/gpu/build-module.ts ... sparse), else the module is compiled here.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cuda, DeviceTensor, loadModule, type Module } from '../../../runtime/src/index.js';
import { CudaQuantizedLinear, type CudaLinearLayout } from '../../../runtime/src/ops/cuda-linear.js';
import { quantizeWeight, referenceLinear } from '../../../src/numerics/index.js';
import { sparse2x4ToDense } from '../../../src/numerics/formats/float8-sparse-2x4.js';
import { bf16, toRt, bf16Values } from './gpu-fixtures.js';
import { SPARSE_FORMATS } from '../../../bench/gpu/sparse-kernel-set.js';

const SPEC = SPARSE_FORMATS.fp8sp_row!;

async function sparseModule(): Promise<{ mod: Module; layout: CudaLinearLayout }> {
  const dir = process.env.QF_CUDA_MODULE_DIR;
  if (dir) {
    const table = JSON.parse(readFileSync(join(dir, 'kernels.json'), 'utf8')) as Record<string, CudaLinearLayout>;
    return { mod: loadModule(join(dir, 'libqf_cuda_bench.so')), layout: table.fp8sp_row! };
  }
  const { generateCudaModule } = await import('../../../codegen/cuda/module.js');
  const { compileCudaModule } = await import('../../../codegen/toolchain/index.js');
  const { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } = await import('../../../codegen/cuda/headers.js');
  const { sparseSpecs } = await import('../../../bench/gpu/sparse-kernel-set.js');
  const { source, entries } = generateCudaModule([sparseSpecs().fp8sp_row!]);
  const built = await compileCudaModule({
    source,
    name: 'qf_cuda_sparse_gpu_test',
    includeDirs: [CUDA_INCLUDE_DIR, CUDA_EXTRA_INCLUDE_DIR],
    extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`],
  });
  return { mod: loadModule(built.path), layout: { ...entries[0]!.format, name: entries[0]!.name } as CudaLinearLayout };
}

describe('codegen/cuda: 2:4 sparse float8 from Node on a GPU', function () {
  this.timeout(600_000);
  let mod: Module;
  let layout: CudaLinearLayout;
  before(async function () {
    if (!cuda.isAvailable()) throw new Error(`no GPU: ${cuda.unavailableReason()}`);
    ({ mod, layout } = await sparseModule());
    console.log(`      ${cuda.deviceInfo(0).name}`);
  });

  it("decompresses the oracle's qdata + sparse_metadata on the device to the oracle's dense bytes", () => {
    const [N, K] = [96, 512];
    const q = quantizeWeight(SPEC, bf16([N, K], 23, 0.05));
    if (SPEC.weight.layout !== 'float8_sparse_2x4') throw new Error('sparse spec expected');
    const want = sparse2x4ToDense(SPEC.weight, q).tensors.qdata.data;
    using values = DeviceTensor.fromHost(toRt(q.tensors.qdata!));
    using meta = DeviceTensor.fromHost(toRt(q.tensors.sparse_metadata!));
    using dense = DeviceTensor.empty([N, K], 'uint8');
    mod.fn(`${layout.name}__decompress`).call(values, meta, dense);
    const got = dense.toHost().bytes();
    expect(got.length).to.equal(want.length);
    const first = got.findIndex((b, i) => b !== want[i]);
    expect(first, `first differing byte ${first}`).to.equal(-1);
  });

  for (const bias of [false, true]) {
    it(`oracle-quantized weight, CUDA linear vs the oracle's reference (M = 1, 5, 16, 96; bias ${bias})`, () => {
      const [N, K] = [256, 1024];
      const w = bf16([N, K], 17, 0.05);
      const q = quantizeWeight(SPEC, w);
      const b = bias ? bf16([N], 5, 0.1) : null;
      const inner = Object.fromEntries(Object.entries(q.tensors).map(([k, v]) => [k, toRt(v)]));
      using lin = new CudaQuantizedLinear(mod, layout, inner, N, K, b ? toRt(b) : null);
      for (const M of [1, 5, 16, 96]) {
        const x = bf16([M, K], 100 + M, 1);
        const ref = bf16Values(referenceLinear(SPEC, x, q, b).data);
        using dx = DeviceTensor.fromHost(toRt(x));
        using dy = DeviceTensor.empty([M, N], 'bfloat16');
        lin.forward(dx, dy);
        const y = bf16Values(dy.toHost().bytes());
        let num = 0, den = 0;
        for (let i = 0; i < y.length; i++) {
          num += (y[i]! - ref[i]!) ** 2;
          den += ref[i]! ** 2;
        }
        const rms = Math.sqrt(den / y.length);
        const err = Math.sqrt(num / den);
        const worst = Math.max(...Array.from(y, (v, i) => Math.abs(v - ref[i]!) / (2 ** -6 * Math.abs(ref[i]!) + 1e-2 * rms)));
        console.log(`      M=${M}: rel. error vs oracle ${err.toExponential(2)}, worst element / bound ${worst.toFixed(3)}`);
        expect(y.every(Number.isFinite)).to.equal(true);
        expect(err).to.be.lessThan(1e-2);
        expect(worst).to.be.at.most(1);
      }
    });
  }

  it('refuses metadata that is not 2:4 (a repeated index), naming the row and byte', () => {
    const [N, K] = [64, 256];
    const q = quantizeWeight(SPEC, bf16([N, K], 29, 0.05));
    const meta = q.tensors.sparse_metadata!;
    const bad = { ...meta, data: meta.data.slice() };
    bad.data[3 * (K / 8) + 7] = 0x55; // groups 14-15 of row 3: index pairs (1, 1)
    const inner = Object.fromEntries(Object.entries({ ...q.tensors, sparse_metadata: bad }).map(([k, v]) => [k, toRt(v)]));
    expect(() => new CudaQuantizedLinear(mod, layout, inner, N, K, null)).to.throw(/sparse_metadata row 3 byte 7/);
  });
});
