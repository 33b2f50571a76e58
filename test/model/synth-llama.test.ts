import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelFolder } from '../../src/model/folder.js';
import { layersForBytes, llamaBytes, llamaTensors, writeSynthLlama } from '../../src/model/synth-llama.js';
import { toFloat64 } from '../../src/numerics/host-codec.js';

const small = { hidden: 64, intermediate: 128, layers: 2, heads: 4, kvHeads: 2, vocab: 100, tieEmbeddings: false };

describe('model/synth-llama', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'qf-synth-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every Llama tensor with Llama shapes and kinds, sharded', async () => {
    const r = writeSynthLlama(dir, small, { maxShardBytes: 20_000 });
    expect(r.tensors).to.equal(1 + 2 * 9 + 2);
    expect(r.bytes).to.equal(llamaBytes(small));
    const m = openModelFolder(dir);
    expect(m.weights.files.length).to.be.greaterThan(1);
    expect(m.config).to.include({ model_type: 'llama', num_key_value_heads: 2 });
    const byName = new Map(m.parameters.map((p) => [p.fqn, p]));
    expect(byName.get('model.layers.1.self_attn.k_proj.weight')).to.deep.include({
      shape: [32, 64],
      dtype: 'bfloat16',
      kind: 'linear',
    });
    expect(byName.get('model.embed_tokens.weight')?.kind).to.equal('embedding');
    expect(byName.get('lm_head.weight')?.kind).to.equal('linear');
    const w = toFloat64(await m.weights.read('model.layers.0.mlp.up_proj.weight'));
    const max = w.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    expect(max).to.be.within(0.03, 0.0347);
    expect(Math.abs(mean)).to.be.lessThan(0.002);
    expect([...toFloat64(await m.weights.read('model.norm.weight'))]).to.deep.equal(new Array(64).fill(1));
    m.weights.close();
  });

  it('ties embeddings when asked, and sizes models by layers', () => {
    expect(llamaTensors({ ...small, tieEmbeddings: true }).map(([n]) => n)).to.not.include('lm_head.weight');
    const base = { hidden: 2048, intermediate: 8192, heads: 32, kvHeads: 8, vocab: 32000, tieEmbeddings: true };
    const layers = layersForBytes(base, 4e9);
    expect(Math.abs(llamaBytes({ ...base, layers }) - 4e9)).to.be.lessThan(
      llamaBytes({ ...base, layers: 1 }) - llamaBytes({ ...base, layers: 0 }),
    );
  });
});
