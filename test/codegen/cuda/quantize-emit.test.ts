import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findNvcc } from '../../../codegen/toolchain/index.js';
import {
  allQuantizeEntries,
  emitQuantizeModule,
  quantizeFunctionName,
  type QuantizeEntry,
} from '../../../codegen/cuda/quantize/emit.js';
import { compileQuantizeModule, quantizeModuleSource } from '../../../codegen/cuda/quantize/module.js';

// The quantize-kernel module: one exported TVM-FFI function per (policy, weight dtype), its
// source pinned by a golden (UPDATE_GOLDEN=1 rewrites it), and the whole module compiles with
// nvcc for sm_90a + PTX (the bit-exactness run is test/build/quantize-cuda.gpu.test.ts).

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'quantize-module.cu');

describe('codegen/cuda/quantize emitter', () => {
  it('exports every policy for every weight dtype under a stable name', () => {
    const names = allQuantizeEntries().map(quantizeFunctionName);
    expect(names).to.have.length(9);
    expect(names).to.include.members([
      'qf_quantize_int4_plain_bf16',
      'qf_quantize_affine_f16',
      'qf_quantize_float8_f32',
    ]);
  });

  it('emits each entry once, in name order, whatever order it is asked in', () => {
    const a: QuantizeEntry = { policy: 'float8', dtype: 'bfloat16' };
    const b: QuantizeEntry = { policy: 'affine', dtype: 'float32' };
    const src = emitQuantizeModule([a, b, a]);
    expect(src.match(/TVM_FFI_DLL_EXPORT_TYPED_FUNC/g)).to.have.length(2);
    expect(src.indexOf('qf_quantize_affine_f32')).to.be.lessThan(src.indexOf('qf_quantize_float8_bf16'));
    expect(src).to.contain('qf::quant::float8<__nv_bfloat16>');
  });

  it('refuses an unknown policy or weight dtype', () => {
    expect(() => emitQuantizeModule([{ policy: 'mx' as 'affine', dtype: 'bfloat16' }])).to.throw(
      /unknown quantize policy 'mx'/,
    );
    expect(() => emitQuantizeModule([{ policy: 'affine', dtype: 'int8' as 'bfloat16' }])).to.throw(/got 'int8'/);
  });

  it('matches its golden source', () => {
    const src = quantizeModuleSource();
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) writeFileSync(GOLDEN, src);
    expect(src).to.equal(readFileSync(GOLDEN, 'utf8'));
  });

  it('compiles with nvcc for sm_90a (cached after the first build)', async function () {
    this.timeout(600_000);
    if (!findNvcc()) this.skip(); // no CUDA compiler on this machine: bash scripts/setup.sh installs the wheels
    const mod = await compileQuantizeModule();
    expect(existsSync(mod.path)).to.equal(true);
    expect(mod.command.join(' ')).to.match(/arch=compute_90a,code=sm_90a/);
  });
});
