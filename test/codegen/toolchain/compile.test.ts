import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompileError, compileCpuModule, compileCudaModule, findNvcc, ToolchainError } from '../../../codegen/toolchain/index.js';
import { loadModule, Tensor } from '../../../runtime/src/index.js';

const KERNEL = (k: number) => `#include <tvm/ffi/tvm_ffi.h>
namespace {
int64_t Times(int64_t v) { return v * ${k}; }
void Fill(tvm::ffi::TensorView t) {
  float* p = static_cast<float*>(t.data_ptr());
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = float(i * ${k});
}
}  // namespace
TVM_FFI_DLL_EXPORT_TYPED_FUNC(times, Times);
TVM_FFI_DLL_EXPORT_TYPED_FUNC(fill, Fill);
`;

function exportedSymbols(so: string): string[] {
  return execFileSync('nm', ['-D', '--defined-only', so], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(' ').pop() ?? '')
    .filter((s) => s.length > 0);
}

describe('codegen/toolchain: compiling TVM-FFI modules', function () {
  this.timeout(180_000);
  let cache: string;
  const saved = process.env.QUANTFORGE_CACHE;
  before(() => {
    cache = mkdtempSync(join(tmpdir(), 'qf-toolchain-'));
    process.env.QUANTFORGE_CACHE = cache;
  });
  after(() => {
    if (saved === undefined) delete process.env.QUANTFORGE_CACHE;
    else process.env.QUANTFORGE_CACHE = saved;
    rmSync(cache, { recursive: true, force: true });
  });

  it('compiles C++ with g++ into a module the runtime loads and calls', async () => {
    const m = await compileCpuModule({ source: KERNEL(3), name: 'times3', isa: 'x86-64-v2' });
    expect(m.cached).to.equal(false);
    expect(m.path.startsWith(join(cache, 'kernels'))).to.equal(true);
    expect(m.command).to.include('-march=x86-64-v2');
    const mod = loadModule(m.path);
    expect(mod.fn('times').call(14)).to.equal(42);
    const t = Tensor.empty([4], 'float32');
    mod.fn('fill').call(t);
    expect([...(t.typedArray() as Float32Array)]).to.deep.equal([0, 3, 6, 9]);
  });

  it('exports only the TVM-FFI entry points (and their metadata)', async () => {
    const m = await compileCpuModule({ source: KERNEL(3), name: 'times3', isa: 'x86-64-v2' });
    expect(exportedSymbols(m.path).sort()).to.deep.equal(['__tvm_ffi__metadata_fill', '__tvm_ffi__metadata_times', '__tvm_ffi_fill', '__tvm_ffi_times']);
  });

  it('reuses the cached module for the same source and flags, and only then', async () => {
    const first = await compileCpuModule({ source: KERNEL(5), name: 'times5', isa: 'x86-64' });
    const again = await compileCpuModule({ source: KERNEL(5), name: 'times5', isa: 'x86-64' });
    expect(again).to.deep.include({ cached: true, path: first.path, key: first.key });
    const otherIsa = await compileCpuModule({ source: KERNEL(5), name: 'times5', isa: 'x86-64-v3' });
    const otherSource = await compileCpuModule({ source: KERNEL(6), name: 'times5', isa: 'x86-64' });
    const openmp = await compileCpuModule({ source: KERNEL(5), name: 'times5', isa: 'x86-64', openmp: true });
    expect(new Set([first.key, otherIsa.key, otherSource.key, openmp.key]).size).to.equal(4);
    expect(openmp.command).to.include('-fopenmp');
  });

  it('reports compiler errors with file:line in the kept source', async () => {
    const bad = KERNEL(2).replace('return v * 2;', 'return v * undefined_thing;');
    let err: unknown;
    await compileCpuModule({ source: bad, name: 'broken' }).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(CompileError);
    const e = err as CompileError;
    expect(e.message).to.match(/broken\.cc:3:\d+: error: .*undefined_thing/);
    expect(e.diagnostics[0].line).to.equal(3);
    expect(readFileSync(e.diagnostics[0].file, 'utf8')).to.equal(bad);
  });

  it('reports link errors (undefined symbols fail at build time, not at load time)', async () => {
    const src = `#include <tvm/ffi/tvm_ffi.h>\nextern "C" int not_defined_anywhere();\nint64_t F() { return not_defined_anywhere(); }\nTVM_FFI_DLL_EXPORT_TYPED_FUNC(f, F);\n`;
    let err: unknown;
    await compileCpuModule({ source: src, name: 'unlinked' }).catch((e: unknown) => (err = e));
    expect((err as Error).message).to.match(/undefined reference to `not_defined_anywhere'|ld returned 1 exit status/);
  });

  it('refuses names that are not file names, and unknown targets', async () => {
    await compileCpuModule({ source: '', name: '../escape' }).then(
      () => expect.fail('should reject'),
      (e: Error) => expect(e).to.be.instanceOf(ToolchainError).and.have.property('message').that.match(/module name '..\/escape' must match/),
    );
    await compileCpuModule({ source: '', name: 'x', isa: 'pentium' as never }).then(
      () => expect.fail('should reject'),
      (e: Error) => expect(e.message).to.match(/unknown CPU ISA 'pentium'/),
    );
  });

  describe('CUDA with nvcc', () => {
    before(function () {
      // setup.sh installs NVIDIA's nvcc wheels where no nvcc exists, so this runs in CI.
      if (!findNvcc()) throw new Error('nvcc not found: run `bash scripts/setup.sh`');
    });

    it('compiles a .cu kernel for sm_90a with PTX for compute_90a', async () => {
      const src = `#include <tvm/ffi/tvm_ffi.h>
#include <tvm/ffi/extra/c_env_api.h>
#include <tvm/ffi/extra/cuda/base.h>
#include <cuda_runtime.h>
__global__ void Twice(float* p, int64_t n) { int64_t i = blockIdx.x * 256 + threadIdx.x; if (i < n) p[i] *= 2; }
void TwiceCuda(tvm::ffi::TensorView t) {
  auto s = static_cast<cudaStream_t>(TVMFFIEnvGetStream(kDLCUDA, t.device().device_id));
  Twice<<<(t.numel() + 255) / 256, 256, 0, s>>>(static_cast<float*>(t.data_ptr()), t.numel());
  TVM_FFI_CHECK_CUDA_ERROR(cudaGetLastError());
}
TVM_FFI_DLL_EXPORT_TYPED_FUNC(twice, TwiceCuda);
`;
      const m = await compileCudaModule({ source: src, name: 'twice' });
      expect(m.command.join(' ')).to.contain('-gencode arch=compute_90a,code=sm_90a -gencode arch=compute_90a,code=compute_90a');
      expect(exportedSymbols(m.path)).to.include('__tvm_ffi_twice');
      // Device code is embedded as a fatbin section, built for sm_90a.
      expect(execFileSync('readelf', ['-S', '-W', m.path], { encoding: 'utf8' })).to.contain('.nv_fatbin');
      expect(execFileSync('strings', [m.path], { encoding: 'utf8', maxBuffer: 64 << 20 })).to.contain('-arch sm_90a');
      expect(loadModule(m.path).has('twice')).to.equal(true); // loads without a GPU
    });

    it('reports nvcc errors with file:line', async () => {
      let err: unknown;
      await compileCudaModule({ source: '__global__ void k(float* p) { p[0] = nope; }\n', name: 'bad_cuda' }).catch((e: unknown) => (err = e));
      expect(err).to.be.instanceOf(CompileError);
      expect((err as CompileError).message).to.match(/bad_cuda\.cu:1: error: identifier "nope" is undefined/);
    });
  });
});
