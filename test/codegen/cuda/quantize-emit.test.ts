import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findNvcc } from '../../../codegen/toolchain/index.js';
import {
  allQuantizeEntries,
  emitQuantizeModule,
  quantizeFunctionName,
  type QuantizeEntry,
} from '../../../codegen/cuda/quantize/emit.js';
import {
  compileQuantizeModule,
  quantizeHeadersDigest,
  quantizeModuleSource,
} from '../../../codegen/cuda/quantize/module.js';

// The quantize-kernel module: one exported TVM-FFI function per (policy, weight dtype), its
// source pinned by a golden (UPDATE_GOLDEN=1 rewrites it), and the whole module compiles with
// nvcc for sm_90a + PTX (the bit-exactness run is test/build/quantize-cuda.gpu.test.ts).

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'quantize-module.cu');

describe('codegen/cuda/quantize emitter', () => {
  it('exports every policy for every weight dtype under a stable name', () => {
    const names = allQuantizeEntries().map(quantizeFunctionName);
    expect(names).to.have.length(15);
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
    expect(() => emitQuantizeModule([{ policy: 'hqq' as 'affine', dtype: 'bfloat16' }])).to.throw(
      /unknown quantize policy 'hqq'/,
    );
    expect(() => emitQuantizeModule([{ policy: 'affine', dtype: 'int8' as 'bfloat16' }])).to.throw(/got 'int8'/);
  });

  it('matches its golden source', () => {
    const src = quantizeModuleSource();
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) writeFileSync(GOLDEN, src);
    expect(src).to.equal(readFileSync(GOLDEN, 'utf8'));
  });

  it('compiles with nvcc for sm_90a: every policy, every weight dtype, every team size', async function () {
    this.timeout(600_000);
    if (!findNvcc()) this.skip(); // no CUDA compiler on this machine: bash scripts/setup.sh installs the wheels
    // one entry per policy, the three dtypes spread over them: each template path compiles
    // once, in a third of the full module's compile time (the full module builds on first use)
    const mod = await compileQuantizeModule('sm_90a', [
      { policy: 'int4_plain', dtype: 'bfloat16' },
      { policy: 'affine', dtype: 'float16' },
      { policy: 'float8', dtype: 'float32' },
      { policy: 'nvfp4', dtype: 'bfloat16' },
      { policy: 'mx', dtype: 'float16' },
    ]);
    expect(existsSync(mod.path)).to.equal(true);
    expect(mod.command.join(' ')).to.match(/arch=compute_90a,code=sm_90a/);
  });

  it('rebuilds when a quantize header changes, not when another header does', () => {
    const digest = quantizeHeadersDigest();
    expect(digest).to.match(/^[0-9a-f]{16}$/);
    const dir = mkdtempSync(join(tmpdir(), 'qf-qh-'));
    try {
      writeFileSync(join(dir, 'quantize_a.cuh'), 'a');
      writeFileSync(join(dir, 'linear.cuh'), 'x');
      const before = quantizeHeadersDigest(dir);
      writeFileSync(join(dir, 'linear.cuh'), 'y');
      expect(quantizeHeadersDigest(dir)).to.equal(before);
      writeFileSync(join(dir, 'quantize_a.cuh'), 'b');
      expect(quantizeHeadersDigest(dir)).to.not.equal(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
