// A recipe that gives a linear the 2:4 sparse float8 config and `target cuda(arch = "sm_90a")`
// gets a bundle whose weight keeps the oracle's inner tensors (qdata [N, K/2] e4m3,
// sparse_metadata [N, K/8], scale [N, 1]) and whose kernel layout tells the runtime to pack them
// into cuSPARSELt's layout at load time (`__packed_bytes`, `__repack`). nvcc, no GPU.
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planBuild } from '../../src/build/frontend.js';
import { buildBundle } from '../../src/build/pipeline.js';
import type { BuildManifest } from '../../src/bundle/manifest.js';
import { openModelFolder } from '../../src/model/folder.js';
import { ShardedSafetensorsWriter } from '../../src/model/sharded-writer.js';
import { fromFloat64 } from '../../src/numerics/host-codec.js';
import { findNvcc } from '../../codegen/toolchain/index.js';
import { load } from '../../runtime/src/bundle/index.js';
import { cuda, cudaDevice, loadModule } from '../../runtime/src/index.js';
import { findLinearKernel } from '../../runtime/src/ops/bundle-kernel.js';
import { QuantizedLinear } from '../../runtime/src/ops/quantized-linear.js';

const addon = 'runtime/native/build/Release/quantforge_native.node';
const N = 128;
const K = 256;
const RECIPE = `quant 1
target cuda(arch = "sm_90a")
recipe sparse {
  "sp.weight" -> Float8DynamicActivationFloat8SemiSparseWeightConfig(activation_dtype=torch.float8_e4m3fn)
}
`;

async function buildSparseBundle(work: string): Promise<{ out: string; manifest: BuildManifest }> {
  const modelDir = join(work, 'model');
  mkdirSync(modelDir);
  writeFileSync(join(modelDir, 'config.json'), JSON.stringify({ model_type: 'sparse-linear', hidden_size: K }));
  const w = new ShardedSafetensorsWriter(modelDir, {});
  const t = fromFloat64(Array.from({ length: N * K }, (_, i) => Math.sin(i * 0.7) * 0.3 + 0.01), 'bfloat16', [N, K]);
  w.add('sp.weight', { dtype: 'BF16', shape: [N, K], data: t.data });
  w.finish();
  const recipe = join(work, 'sparse.quant');
  writeFileSync(recipe, RECIPE);
  const { plan } = planBuild(recipe, modelDir);
  const model = openModelFolder(modelDir);
  const out = join(work, 'sparse.bundle');
  try {
    return { out, manifest: (await buildBundle(plan, model, { out })).manifest };
  } finally {
    model.weights.close();
  }
}

describe('build/kernels: a 2:4 sparse float8 weight for target cuda', function () {
  this.timeout(300_000);
  let work: string;
  let out: string;
  let manifest: BuildManifest;

  before(async function () {
    if (!findNvcc()) this.skip(); // bash scripts/setup.sh installs nvcc into .venv
    work = mkdtempSync(join(tmpdir(), 'qf-kernels-sparse-'));
    ({ out, manifest } = await buildSparseBundle(work));
  });
  after(() => work && rmSync(work, { recursive: true, force: true }));

  it('records the cuSPARSELt layout: scale at call time, sparse_metadata folded by __repack', () => {
    const [entry] = manifest.kernels;
    expect(entry.target).to.equal('cuda');
    expect(entry.exports).to.have.length(1);
    expect(entry.exports[0]).to.match(/^linear__float8_sparse_2x4__bf16__/);
    expect(entry.layouts).to.deep.equal([
      { kind: 'sparse_fp8', tag: 'fp8sp_row', inner: ['scale'], repack: 'cusparselt', repackInner: ['sparse_metadata'] },
    ]);
  });

  it("keeps the oracle's inner tensors in the bundle, and the runtime finds the layout", function () {
    if (!existsSync(addon)) this.skip(); // npm run setup builds the addon
    const bundle = load(out);
    const p = bundle.parameter('sp.weight');
    const shapes = Object.fromEntries(p.inners.map((n) => [n, p.tensor(n).shape]));
    expect(shapes).to.deep.equal({ qdata: [N, K / 2], sparse_metadata: [N, K / 8], scale: [N, 1] });
    const k = findLinearKernel(bundle, 'sp.weight', p, 'cuda');
    expect(k.layout).to.deep.include({ inner: ['scale'], repack: 'cusparselt', repackInner: ['sparse_metadata'] });
    const mod = loadModule(join(out, k.entry.file));
    for (const suffix of ['', '__cfg', '__packed_bytes', '__repack', '__decompress', '__quantize_activation']) {
      expect(mod.has(k.name + suffix), k.name + suffix).to.equal(true);
    }
  });

  it('QuantizedLinear.fromBundle on cuda:0 without a GPU throws a RuntimeError that says why', function () {
    if (!existsSync(addon) || cuda.isAvailable()) this.skip(); // with a GPU: the sparse GPU check
    expect(() => QuantizedLinear.fromBundle(load(out), 'sp.weight', { device: cudaDevice(0) })).to.throw(
      /RuntimeError: QuantizedLinear on cuda:0: CUDA is unavailable on this machine/,
    );
  });
});
