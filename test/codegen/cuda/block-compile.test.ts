// The block-scaled kernels (MX / NVFP4 dynamic activation, NVFP4 weight-only over the fp4 split
// decode) compile with nvcc into an sm_90a TVM-FFI module exporting exactly what emit-block.ts
// promises. Skipped where no nvcc is installed.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } from '../../../codegen/cuda/headers.js';
import { generateCudaModule } from '../../../codegen/cuda/module.js';
import { compileCudaModule, findNvcc } from '../../../codegen/toolchain/index.js';
import { mxSpecs } from '../../../bench/gpu/mx-kernel-set.js';

describe('codegen/cuda: nvcc builds the block-scaled kernels', function () {
  this.timeout(600_000);

  it('compiles MX fp6 and NVFP4 dynamic kernels and NVFP4 weight-only, with their exports', async function () {
    if (!findNvcc()) this.skip(); // no CUDA compiler on this machine: bash scripts/setup.sh installs the wheels
    const specs = mxSpecs();
    const { source, entries } = generateCudaModule([specs.mxfp6e2m3dq_even!, specs.nvfp4dq_static!, specs.nvfp4_pts!]);
    const mod = await compileCudaModule({
      source,
      name: 'qf_cuda_block_compile_test',
      ptx: false,
      includeDirs: [CUDA_INCLUDE_DIR, ...(existsSync(CUDA_EXTRA_INCLUDE_DIR) ? [CUDA_EXTRA_INCLUDE_DIR] : [])],
      extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`],
    });
    const symbols = execFileSync('nm', ['-D', '--defined-only', mod.path], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[2])
      .filter((s): s is string => !!s && s.startsWith('__tvm_ffi_') && !s.startsWith('__tvm_ffi__'));
    const want = entries.flatMap((e) => {
      const quant = e.format.kind === 'block' && e.format.activation !== 'none' ? ['__quantize_activation'] : [];
      return ['', '__cfg', '__dequantize', '__repack', ...quant].map((s) => `__tvm_ffi_${e.name}${s}`);
    });
    expect(symbols.sort()).to.deep.equal(want.sort());
  });
});
