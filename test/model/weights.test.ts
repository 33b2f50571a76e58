// Sharded writing and reading: the Hugging Face layout in both directions.
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShardedSafetensorsWriter } from '../../src/model/sharded-writer.js';
import { ModelWeights } from '../../src/model/weights.js';

const f32 = (n: number, v: number) => ({
  dtype: 'F32' as const,
  shape: [n],
  data: new Uint8Array(new Float32Array(n).fill(v).buffer),
});

describe('model/weights and sharded-writer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'qf-w-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one model.safetensors and no index when everything fits one file', async () => {
    const w = new ShardedSafetensorsWriter(dir);
    w.add('a', f32(4, 1));
    w.add('b', f32(2, 2));
    expect(w.finish()).to.deep.equal(['model.safetensors']);
    expect(readdirSync(dir)).to.deep.equal(['model.safetensors']);
    const m = ModelWeights.open(dir);
    expect(m.tensors.map((t) => [t.name, t.file, t.bytes])).to.deep.equal([
      ['a', 'model.safetensors', 16],
      ['b', 'model.safetensors', 8],
    ]);
    expect(await m.read('b')).to.deep.include({ dtype: 'float32', shape: [2] });
    m.close();
  });

  it('splits at the size limit, never splitting a tensor, and writes the index', async () => {
    const w = new ShardedSafetensorsWriter(dir, { maxShardBytes: 20, prefix: 'model' });
    w.add('a', f32(4, 1)); // 16
    w.add('b', f32(1, 2)); // 4 -> 20, fits
    w.add('c', f32(8, 3)); // 32 > limit: own file
    w.add('d', f32(1, 4));
    const files = w.finish();
    expect(files).to.deep.equal([
      'model-00001-of-00003.safetensors',
      'model-00002-of-00003.safetensors',
      'model-00003-of-00003.safetensors',
      'model.safetensors.index.json',
    ]);
    const index = JSON.parse(readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8'));
    expect(index).to.deep.equal({
      metadata: { total_size: 56 },
      weight_map: { a: files[0], b: files[0], c: files[1], d: files[2] },
    });
    const m = ModelWeights.open(dir);
    expect(m.tensors.map((t) => t.name)).to.deep.equal(['a', 'b', 'c', 'd']);
    const c = await m.read('c');
    expect([...new Float32Array(c.data.buffer)]).to.deep.equal(new Array(8).fill(3));
    m.close();
  });

  it('names the folder when it has no safetensors, and says to convert a PyTorch checkpoint', () => {
    writeFileSync(join(dir, 'pytorch_model.bin'), 'x');
    expect(() => ModelWeights.open(dir)).to.throw(
      /no model\.safetensors .*pytorch_model\.bin: convert it to safetensors/,
    );
  });

  function shardedFixture(): void {
    const w = new ShardedSafetensorsWriter(dir, { maxShardBytes: 16 });
    w.add('a', f32(4, 1));
    w.add('b', f32(4, 2));
    w.finish();
  }
  const indexPath = () => join(dir, 'model.safetensors.index.json');
  const rewriteIndex = (map: Record<string, string>) =>
    writeFileSync(indexPath(), JSON.stringify({ metadata: {}, weight_map: map }));

  it('rejects an index that maps a tensor to a file that does not hold it', () => {
    shardedFixture();
    rewriteIndex({ a: 'model-00002-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' });
    expect(() => ModelWeights.open(dir)).to.throw(
      /tensor 'a' is mapped to model-00002-of-00002.safetensors but that file does not hold it/,
    );
  });

  it('rejects a file holding a tensor the index does not list, and paths outside the folder', () => {
    const w = new ShardedSafetensorsWriter(dir);
    w.add('a', f32(4, 1));
    w.add('b', f32(4, 2));
    w.finish();
    rewriteIndex({ a: 'model.safetensors' });
    expect(() => ModelWeights.open(dir)).to.throw(/tensor 'b' in model.safetensors is not in the weight_map/);
    rewriteIndex({ a: '../model-00001-of-00002.safetensors' });
    expect(() => ModelWeights.open(dir)).to.throw(/not a file beside the index/);
  });

  it('rejects the same tensor in two files', () => {
    for (const f of ['x.safetensors', 'y.safetensors']) {
      const w = new ShardedSafetensorsWriter(dir, { prefix: f.replace('.safetensors', '') });
      w.add('a', f32(1, 1));
      w.finish();
    }
    rewriteIndex({ a: 'x.safetensors', b: 'y.safetensors' });
    expect(() => ModelWeights.open(dir)).to.throw(/tensor 'a' is also in x.safetensors/);
  });
});
