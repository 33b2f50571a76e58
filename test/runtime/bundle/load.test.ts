import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, readManifest, runtimeDType, BUNDLE_VERSION } from '../../../runtime/src/bundle/index.js';
import { buildTinyBundle } from '../../build/fixtures.js';

describe('runtime/bundle load', () => {
  let dir: string;
  let bundle: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qf-load-'));
    bundle = join(dir, 'b');
    await buildTinyBundle(dir, { out: bundle, maxShardBytes: 1024 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exposes every parameter with its decision and inner tensors', () => {
    const b = load(bundle);
    expect([...b.parameters.keys()]).to.have.length(7);
    const q = b.parameter('layers.1.q.weight');
    expect(q.decision).to.include({ kind: 'quantize', config: 'Int8WeightOnlyConfig()' });
    expect(q.inners).to.deep.equal(['qdata', 'scale', 'zero_point']);
    const qdata = q.tensor('qdata');
    expect([qdata.dtype, qdata.shape, qdata.data.length]).to.deep.equal(['I8', [16, 16], 256]);
    expect(q.tensor()).to.equal(qdata); // default: the first inner; cached
    expect(b.parameter('layers.0.norm.weight').inners).to.deep.equal([null]);
    b.close();
  });

  it('gives typed views of the stored bytes without the native addon', () => {
    const b = load(bundle);
    const p = b.parameter('layers.1.up.weight');
    const q = p.typed('qdata');
    expect(q).to.be.instanceOf(Int8Array);
    expect(q.length).to.equal(48 * 16);
    expect(q.buffer).to.equal(p.tensor('qdata').data.buffer);
    const scale = p.typed('scale') as Float32Array;
    expect(scale).to.be.instanceOf(Float32Array);
    expect(Array.from(scale).every((x) => x > 0 && x < 0.01)).to.equal(true); // amax <= 0.5 over 127
    expect(b.parameter('layers.0.norm.weight').typed(null)).to.be.instanceOf(Uint16Array); // bf16 bits
    b.close();
  });

  it('reads weights lazily: files are opened on first access', () => {
    const b = load(bundle);
    const readers = (b as unknown as { readers: Map<string, unknown> }).readers;
    expect(readers.size).to.equal(0);
    b.parameter('layers.0.q.weight').tensor('scale');
    expect(readers.size).to.equal(1);
    b.close();
  });

  it('names what is missing', () => {
    const b = load(bundle);
    expect(() => b.parameter('nope')).to.throw(/no parameter 'nope' in this bundle/);
    expect(() => b.parameter('layers.0.q.weight').tensor('qdat')).to.throw(
      /has no inner tensor "qdat" \(has "qdata", "scale", "zero_point"\)/,
    );
    b.close();
  });

  it('refuses a newer format version, a non-bundle and a missing manifest with what to do', () => {
    const m = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8'));
    const newer = join(dir, 'newer');
    const other = join(dir, 'other');
    for (const [d, content] of [
      [newer, { ...m, version: BUNDLE_VERSION + 1 }],
      [other, { hello: 1 }],
    ] as const) {
      rmSync(d, { recursive: true, force: true });
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'manifest.json'), JSON.stringify(content));
    }
    expect(() => readManifest(newer)).to.throw(/newer than this runtime reads .*upgrade quantforge/);
    expect(() => readManifest(other)).to.throw(/not a quantforge bundle manifest/);
    expect(() => load(join(dir, 'absent'))).to.throw(/cannot read manifest.json/);
  });
});

describe('runtime/bundle load: inner tensors as runtime Tensors', () => {
  let dir: string;
  before(async function () {
    if (!existsSync('runtime/native/build/Release/quantforge_native.node')) this.skip(); // npm run setup builds the addon
    dir = mkdtempSync(join(tmpdir(), 'qf-load-t-'));
    await buildTinyBundle(dir, { out: join(dir, 'b') });
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('reads qdata and scale into aligned Tensors with runtime dtypes and the stored bytes', () => {
    const b = load(join(dir, 'b'));
    const p = b.parameter('layers.0.up.weight');
    const q = p.asTensor('qdata');
    expect([q.dtype, q.shape]).to.deep.equal(['int8', [48, 16]]);
    expect([...q.bytes()]).to.deep.equal([...p.tensor('qdata').data]);
    const s = p.asTensor('scale');
    expect(s.dtype).to.equal('float32');
    expect((s.typedArray() as Float32Array).every((x) => x > 0)).to.equal(true);
    expect(b.parameter('layers.0.norm.weight').asTensor(null).dtype).to.equal('bfloat16');
    b.close();
  });

  it('maps every safetensors dtype a kernel can take, and names the others', () => {
    expect(runtimeDType('F8_E4M3')).to.equal('float8_e4m3fn');
    expect(runtimeDType('F4')).to.equal('float4_e2m1fn');
    expect(() => runtimeDType('F6_E2M3')).to.throw(/F6_E2M3 has no runtime tensor type/);
  });
});
