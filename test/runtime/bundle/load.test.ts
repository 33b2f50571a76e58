import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, readManifest, BUNDLE_VERSION } from '../../../runtime/src/bundle/index.js';
import { buildBundle } from '../../../src/build/pipeline.js';
import { openModelFolder } from '../../../src/model/folder.js';
import { tinyPlan, writeTinyModel } from '../../build/fixtures.js';

describe('runtime/bundle load', () => {
  let dir: string;
  let bundle: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qf-load-'));
    writeTinyModel(dir);
    const model = openModelFolder(dir);
    bundle = join(dir, 'b');
    await buildBundle(tinyPlan(), model, { out: bundle, maxShardBytes: 1024 });
    model.weights.close();
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
    expect(() => b.parameter('layers.0.q.weight').tensor('qdat')).to.throw(/has no inner tensor "qdat" \(has "qdata", "scale", "zero_point"\)/);
    b.close();
  });

  it('refuses a newer format version, a non-bundle and a missing manifest with what to do', () => {
    const m = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8'));
    const newer = join(dir, 'newer');
    const other = join(dir, 'other');
    for (const [d, content] of [[newer, { ...m, version: BUNDLE_VERSION + 1 }], [other, { hello: 1 }]] as const) {
      rmSync(d, { recursive: true, force: true });
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'manifest.json'), JSON.stringify(content));
    }
    expect(() => readManifest(newer)).to.throw(/newer than this runtime reads .*upgrade quantforge/);
    expect(() => readManifest(other)).to.throw(/not a quantforge bundle manifest/);
    expect(() => load(join(dir, 'absent'))).to.throw(/cannot read manifest.json/);
  });
});
