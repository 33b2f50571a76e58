// Generated CUDA compiles with nvcc (the CUDA 13.0 wheels in .venv; no GPU needed) into a
// TVM-FFI module for sm_90a that exports exactly the functions the emitter promises. Skipped
// where no nvcc is installed.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } from '../../../codegen/cuda/headers.js';
import { generateCudaModule } from '../../../codegen/cuda/module.js';
import { compileCudaModule, findNvcc } from '../../../codegen/toolchain/index.js';
import { benchSpecs } from '../../../bench/gpu/kernel-set.js';

describe('codegen/cuda: nvcc builds the generated module', function () {
  this.timeout(300_000);

  it('compiles int8 weight-only and float8 dynamic kernels and exports their functions', async function () {
    if (!findNvcc()) this.skip(); // no CUDA compiler on this machine: bash scripts/setup.sh installs the wheels
    const specs = benchSpecs();
    const { source, entries } = generateCudaModule([specs.int8_row, specs.fp8dq_row]);
    const mod = await compileCudaModule({
      source,
      name: 'qf_cuda_compile_test',
      includeDirs: [CUDA_INCLUDE_DIR, ...(existsSync(CUDA_EXTRA_INCLUDE_DIR) ? [CUDA_EXTRA_INCLUDE_DIR] : [])],
      extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`],
    });
    const symbols = execFileSync('nm', ['-D', '--defined-only', mod.path], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[2])
      .filter((s): s is string => !!s && s.startsWith('__tvm_ffi_') && !s.startsWith('__tvm_ffi__'));
    const want = entries.flatMap((e) =>
      (e.format.kind === 'weight_only' ? ['', '__cfg', '__dequantize', '__repack'] : ['', '__cfg', '__quantize_activation']).map(
        (s) => `__tvm_ffi_${e.name}${s}`,
      ),
    );
    expect(symbols.sort()).to.deep.equal(want.sort());
    expect(mod.command).to.include('arch=compute_90a,code=sm_90a');
  });
});
