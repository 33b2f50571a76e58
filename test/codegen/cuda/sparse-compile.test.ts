// The 2:4 sparse float8 kernel compiles with nvcc (no GPU needed) into a TVM-FFI module for
// sm_90a that exports what emit-sparse.ts promises, and dlopens cuSPARSELt only at run time: with
// cusparseLt.h present (scripts/gpu/cusparselt-headers.sh) the module names libcusparseLt.so.0
// and links nothing of it; without, it carries the message that says how to fix the build.
// Skipped where no nvcc is installed.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } from '../../../codegen/cuda/headers.js';
import { generateCudaModule } from '../../../codegen/cuda/module.js';
import { compileCudaModule, findNvcc } from '../../../codegen/toolchain/index.js';
import { sparseSpecs } from '../../../bench/gpu/sparse-kernel-set.js';

describe('codegen/cuda: nvcc builds the 2:4 sparse float8 module', function () {
  this.timeout(300_000);

  it('exports the sparse kernel functions and loads cuSPARSELt by dlopen only', async function () {
    if (!findNvcc()) this.skip(); // no CUDA compiler on this machine: bash scripts/setup.sh installs the wheels
    const spec = sparseSpecs().fp8sp_row!;
    const { source, entries } = generateCudaModule([spec]);
    const extra = existsSync(CUDA_EXTRA_INCLUDE_DIR) ? [CUDA_EXTRA_INCLUDE_DIR] : [];
    const mod = await compileCudaModule({
      source,
      name: 'qf_cuda_sparse_compile_test',
      includeDirs: [CUDA_INCLUDE_DIR, ...extra],
      extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`],
    });
    const symbols = execFileSync('nm', ['-D', '--defined-only', mod.path], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[2])
      .filter((s): s is string => !!s && s.startsWith('__tvm_ffi_') && !s.startsWith('__tvm_ffi__'));
    const name = entries[0]!.name;
    const want = ['', '__cfg', '__quantize_activation', '__packed_bytes', '__repack', '__decompress', '__library_version', '__max_alg', '__chosen_alg'];
    expect(symbols.sort()).to.deep.equal(want.map((s) => `__tvm_ffi_${name}${s}`).sort());
    const needed = execFileSync('readelf', ['-d', mod.path], { encoding: 'utf8' });
    expect(needed).not.to.match(/cusparse/i);
    const bytes = readFileSync(mod.path).toString('latin1');
    if (extra.length && existsSync(join(CUDA_EXTRA_INCLUDE_DIR, 'cusparseLt.h'))) {
      expect(bytes).to.contain('libcusparseLt.so.0').and.contain('QF_CUSPARSELT_LIB');
    } else {
      expect(bytes).to.contain('built without cusparseLt.h');
    }
  });
});
