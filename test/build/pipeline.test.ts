import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle } from '../../src/build/pipeline.js';
import { openModelFolder, type ModelFolder } from '../../src/model/folder.js';
import { load, verifyFiles } from '../../runtime/src/bundle/index.js';
import { loadModule } from '../../runtime/src/index.js';
import { dequantizeWeight } from '../../src/numerics/index.js';
import { toDType } from '../../src/model/dtypes.js';
import { sqnrDb } from '../../src/build/sqnr.js';
import { INT8_PER_ROW, tinyPlan, writeTinyModel } from './fixtures.js';

// A recipe without `target cpu(isa = ...)` names its CPU module after the build machine.
const MACHINE = ({ x64: 'x86_64', arm64: 'aarch64' } as Record<string, string>)[arch()] ?? arch();

describe('build/pipeline: plan + model folder -> bundle', () => {
  let dir: string;
  let model: ModelFolder;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'qf-build-'));
    writeTinyModel(join(dir, ''));
    model = openModelFolder(dir);
  });
  afterEach(() => {
    model.weights.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes manifest.json, weights/, kernels/ and index.ts, every file hashed', async () => {
    const out = join(dir, 'out.bundle');
    const { manifest } = await buildBundle(tinyPlan(), model, { out });
    expect(readdirSync(out).sort()).to.deep.equal(['index.ts', 'kernels', 'manifest.json', 'weights']);
    expect(Object.keys(manifest.files)).to.deep.equal(['index.ts', `kernels/cpu-${MACHINE}.so`, 'weights/model.safetensors']);
    expect(verifyFiles(out, manifest)).to.deep.equal([]);
    expect(manifest.model.identity).to.equal(model.identity);
    expect(manifest.recipe.file).to.equal('tiny.quant');
    expect(manifest.recipe.irHash).to.match(/^[0-9a-f]{64}$/);
    expect(manifest.targets).to.deep.equal([{ kind: 'cpu', options: {} }]);
    expect(manifest.quantizer).to.equal('kernels:cpu'); // the bundle's compiled quantize_weight
    // int8 weight-only on cpu: quantize_weight, dequantize and linear, exported by kernels/cpu-<machine arch>.so.
    expect(manifest.kernels.map((k) => [k.target, k.file, k.exports.length])).to.deep.equal([
      ['cpu', `kernels/cpu-${MACHINE}.so`, 3],
    ]);
    expect(manifest.kernelNotes).to.deep.equal([]);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).to.deep.equal(manifest);
  });

  it('compiles kernels that the runtime loads, each exported name present', async function () {
    if (!existsSync('runtime/native/build/Release/quantforge_native.node')) this.skip(); // npm run setup builds the addon
    const out = join(dir, 'out.bundle');
    const { manifest } = await buildBundle(tinyPlan(), model, { out });
    const module = loadModule(join(out, manifest.kernels[0].file));
    for (const name of manifest.kernels[0].exports) expect(module.has(name), name).to.equal(true);
  });

  it('--no-kernels stores weights only and says so', async () => {
    const { manifest } = await buildBundle(tinyPlan(), model, { out: join(dir, 'nk'), kernels: false });
    expect(manifest.kernels).to.deep.equal([]);
    expect(manifest.kernelNotes).to.deep.equal(['kernels not built (--no-kernels): the bundle holds weights only']);
    expect(readdirSync(join(dir, 'nk', 'kernels'))).to.deep.equal([]);
  });

  it('stores quantized inner tensors as <fqn>.<inner> that dequantize to within int8 error, and copies skipped ones byte for byte', async () => {
    const out = join(dir, 'out.bundle');
    const { manifest } = await buildBundle(tinyPlan(), model, { out });
    const q = manifest.parameters.find((p) => p.fqn === 'layers.0.up.weight')!;
    expect(q.decision).to.include({ kind: 'quantize', config: 'Int8WeightOnlyConfig()' });
    expect(q.tensors.map((t) => t.name)).to.include('layers.0.up.weight.qdata');
    expect(q.sqnrDb).to.be.a('number').greaterThan(35); // int8 per-row on uniform values: ~40 dB
    expect(q.bytesAfter).to.be.lessThan(q.bytesBefore);
    const bundle = load(out, { verify: true });
    const p = bundle.parameter('layers.0.up.weight');
    const tensors = Object.fromEntries(
      p.entry.tensors.map((t) => {
        const b = p.tensor(t.inner);
        return [t.inner!, { dtype: toDType(b.dtype)!, shape: b.shape, data: b.data }];
      }),
    );
    const deq = dequantizeWeight(INT8_PER_ROW, { tensors, attributes: p.entry.attributes }, 'bfloat16');
    expect(deq.shape).to.deep.equal([48, 16]);
    expect(sqnrDb(await model.weights.read('layers.0.up.weight'), deq)).to.be.closeTo(q.sqnrDb as number, 0.001);
    const norm = bundle.parameter('layers.0.norm.weight');
    expect(norm.decision.kind).to.equal('skip');
    expect([...norm.tensor(null).data]).to.deep.equal([...(await model.weights.readRaw('layers.0.norm.weight')).data]);
    bundle.close();
  });

  it('is deterministic: two builds give identical bytes', async () => {
    await buildBundle(tinyPlan(), model, { out: join(dir, 'a') });
    await buildBundle(tinyPlan(), model, { out: join(dir, 'b') });
    for (const f of ['manifest.json', 'index.ts', 'weights/model.safetensors']) {
      expect(readFileSync(join(dir, 'a', f)).equals(readFileSync(join(dir, 'b', f))), f).to.equal(true);
    }
  });

  it('fails before any compute when the plan does not fit the model, listing every problem, and leaves no output', async () => {
    const plan = tinyPlan();
    plan.parameters = plan.parameters.filter((p) => p.fqn !== 'layers.0.q.bias');
    plan.parameters.push({ fqn: 'ghost.weight', decision: { kind: 'skip', reason: '' } });
    const out = join(dir, 'bad.bundle');
    let err: Error | undefined;
    await buildBundle(plan, model, { out }).catch((e: Error) => (err = e));
    expect(err?.message).to.match(/'ghost.weight' is in the plan but not in the model/);
    expect(err?.message).to.match(/'layers.0.q.bias' has no decision/);
    expect(readdirSync(dir).filter((f) => f.includes('bad'))).to.deep.equal([]);
  });

  it('fails before any compute on a format no quantizer implements', async () => {
    const plan = tinyPlan();
    const format = {
      ...INT8_PER_ROW,
      weight: { layout: 'int4_preshuffled' as const, groupSize: 128, activation: 'bfloat16' as const },
    };
    plan.parameters[1].decision = {
      kind: 'quantize',
      config: 'Int4WeightOnlyConfig(int4_packing_format="preshuffled")',
      rule: 'r',
      format,
    };
    const out = join(dir, 'unsupported.bundle');
    let err: Error | undefined;
    await buildBundle(plan, model, { out }).catch((e: Error) => (err = e));
    expect(err?.message).to.match(
      /cannot quantize with the oracle quantizer:\n {2}Int4WeightOnlyConfig\(int4_packing_format="preshuffled"\): .*int4_preshuffled.* \(first at 'layers.0.q.weight'\)/,
    );
    expect(readdirSync(dir).filter((f) => f.includes('unsupported'))).to.deep.equal([]);
  });

  it('refuses to overwrite an existing OUT unless forced', async () => {
    const out = join(dir, 'out.bundle');
    await buildBundle(tinyPlan(), model, { out });
    let err: Error | undefined;
    await buildBundle(tinyPlan(), model, { out }).catch((e: Error) => (err = e));
    expect(err?.message).to.match(/already exists: remove it or pass --force/);
    await buildBundle(tinyPlan(), model, { out, force: true });
    expect(existsSync(join(out, 'manifest.json'))).to.equal(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).to.deep.equal([]);
  });

  it('splits weights at the size limit into an indexed set', async () => {
    const out = join(dir, 'out.bundle');
    const { manifest } = await buildBundle(tinyPlan(), model, { out, maxShardBytes: 1024 });
    const files = readdirSync(join(out, 'weights'));
    expect(files).to.include('model.safetensors.index.json');
    expect(files.length).to.be.greaterThan(2);
    const bundle = load(out);
    for (const p of manifest.parameters)
      for (const t of p.tensors) expect(bundle.parameter(p.fqn).tensor(t.inner).shape).to.deep.equal(t.shape);
    bundle.close();
  });
});
