// The build's kernel hook for a CUDA target: a recipe with `target cuda(arch = "sm_90a")` gets
// kernels/cuda-sm_90a.so (nvcc from the .venv, no GPU needed), a manifest entry whose exports
// are the specs' kernel names and whose layouts say how the runtime uploads each weight, and
// notes for what the CUDA generator does not build. Slow-ok: ~20-60 s the first time on this
// machine (nvcc), then the toolchain cache answers.
import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildKernels } from '../../src/build/kernels.js';
import { generators } from '../../src/build/kernel-generators.js';
import { kernelName, type KernelSpec } from '../../src/ir/kernel-spec.js';
import type { BuildManifest } from '../../src/bundle/manifest.js';
import { findNvcc } from '../../codegen/toolchain/index.js';
import { load, verifyFiles } from '../../runtime/src/bundle/index.js';
import { cuda, cudaDevice, loadModule } from '../../runtime/src/index.js';
import { QuantizedLinear } from '../../runtime/src/ops/quantized-linear.js';
import { buildCudaBundle } from '../runtime/ops/fixtures/cuda-bundle.js';
import { INT8_PER_ROW } from './fixtures.js';

const addon = 'runtime/native/build/Release/quantforge_native.node';

describe('build/kernels: target cuda', function () {
  this.timeout(300_000);
  let dir: string;
  let out: string;
  let manifest: BuildManifest;

  before(async function () {
    if (!findNvcc()) this.skip(); // bash scripts/setup.sh installs nvcc into .venv
    dir = mkdtempSync(join(tmpdir(), 'qf-kernels-cuda-'));
    out = join(dir, 'gpu.bundle');
    manifest = await buildCudaBundle(out);
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('writes kernels/cuda-sm_90a.so, hashed in the manifest, with one linear per format', () => {
    expect(manifest.targets).to.deep.equal([{ kind: 'cuda', options: { arch: 'sm_90a' } }]);
    expect(manifest.kernels.map((k) => [k.target, k.file, k.exports.length])).to.deep.equal([
      ['cuda', 'kernels/cuda-sm_90a.so', 4],
    ]);
    expect(existsSync(join(out, 'kernels', 'cuda-sm_90a.so'))).to.equal(true);
    expect(Object.keys(manifest.files)).to.include('kernels/cuda-sm_90a.so');
    expect(verifyFiles(out, manifest)).to.deep.equal([]);
    // quantize_weight / dequantize are not asked of the CUDA generator, so nothing is "missing"
    expect(manifest.kernelNotes.filter((n) => !n.includes('cuBLASLt'))).to.deep.equal([]);
  });

  it('names every export after its spec, and records each weight layout', () => {
    const [entry] = manifest.kernels;
    const specs = entry.specs as unknown as KernelSpec[];
    expect(entry.exports).to.deep.equal(specs.map(kernelName));
    expect(specs.every((s) => s.op === 'linear' && s.target === 'cuda')).to.equal(true);
    const byLayout = Object.fromEntries(specs.map((s, i) => [s.format.weight.layout, entry.layouts![i]]));
    expect(byLayout).to.deep.equal({
      int4_plain: {
        kind: 'weight_only',
        tag: 'int4_g128',
        inner: ['scale', 'zero_point'],
        repack: 'int4_plain',
        chunkK: 128,
      },
      int4_tile_packed_to_4d: {
        kind: 'weight_only',
        tag: 'int4_g128',
        inner: ['scale_and_zero'],
        repack: 'int4_tinygemm',
        chunkK: 128,
      },
      int8: { kind: 'weight_only', tag: 'int8_row', inner: ['scale', 'zero_point'], repack: 'bytes8', chunkK: 64 },
      float8: { kind: 'weight_only', tag: 'fp8e4m3_row', inner: ['scale'], repack: 'bytes8', chunkK: 64 },
    });
  });

  it('compiles a module that exports each kernel with its __repack and __dequantize', function () {
    if (!existsSync(addon)) this.skip(); // npm run setup builds the addon
    const [entry] = manifest.kernels;
    const mod = loadModule(join(out, entry.file));
    for (const name of entry.exports)
      for (const fn of [name, `${name}__repack`, `${name}__dequantize`]) expect(mod.has(fn), fn).to.equal(true);
  });

  it('QuantizedLinear.fromBundle on cuda:0 without a GPU throws a RuntimeError that says why', function () {
    if (!existsSync(addon) || cuda.isAvailable()) this.skip(); // with a GPU: bundle-linear.gpu.test.ts
    const bundle = load(out);
    expect(() => QuantizedLinear.fromBundle(bundle, 'int4.weight', { device: cudaDevice(0) })).to.throw(
      /RuntimeError: QuantizedLinear on cuda:0: CUDA is unavailable on this machine \(.+\); run on a machine with an NVIDIA GPU/,
    );
  });

  it('asking the CPU of a CUDA-only bundle names the missing target and the fix', function () {
    if (!existsSync(addon)) this.skip();
    expect(() => QuantizedLinear.fromBundle(load(out), 'int8.weight')).to.throw(
      /has no CPU kernels .*add `target cpu\(\)` to the recipe/,
    );
  });
});

describe('build/kernels: the CUDA generator says what it cannot build', () => {
  const spec = (over: Partial<KernelSpec>): KernelSpec => ({
    op: 'linear',
    format: INT8_PER_ROW,
    target: 'cuda',
    shapeClass: { dtype: 'bfloat16' },
    tile: { rows: 128, tokens: 64 },
    ...over,
  });

  it('builds bf16 linears of supported formats, refuses other dtypes and layouts with the reason', () => {
    const gen = generators.cuda!;
    expect(gen.ops).to.deep.equal(['linear']);
    expect(gen.unsupported(spec({}))).to.equal(null);
    expect(gen.unsupported(spec({ shapeClass: { dtype: 'float32' } }))).to.equal(
      'CUDA linear kernels take bfloat16 activations, not float32',
    );
    const intx = {
      ...INT8_PER_ROW,
      weight: { layout: 'intx', bits: 3, granularity: { kind: 'PerGroup', groupSize: 32 }, mapping: 'symmetric' },
    } as unknown as KernelSpec['format'];
    expect(gen.unsupported(spec({ format: intx }))).to.match(/weight layout intx has no CUDA kernel yet/);
  });

  it('an unknown architecture is a note, not a compile', async () => {
    const kdir = mkdtempSync(join(tmpdir(), 'qf-kernels-arch-'));
    try {
      const built = await buildKernels(
        [{ kind: 'cuda', options: { arch: 'sm_75' } }],
        [{ fqn: 'l.weight', dtype: 'bfloat16', shape: [128, 128], format: INT8_PER_ROW }],
        kdir,
      );
      expect(built.kernels).to.deep.equal([]);
      expect(built.notes).to.deep.equal([
        "cuda: 1 kernel(s) not built: unknown CUDA architecture 'sm_75' in the recipe's target cuda(arch = ...)",
      ]);
    } finally {
      rmSync(kdir, { recursive: true, force: true });
    }
  });
});
