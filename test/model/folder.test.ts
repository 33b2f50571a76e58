import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelFolder } from '../../src/model/folder.js';
import { ShardedSafetensorsWriter } from '../../src/model/sharded-writer.js';

const DEFAULT_MODEL = 'models/all-MiniLM-L6-v2';

describe('model/folder', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'qf-mf-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function folder(config: string, maxShardBytes?: number): void {
    writeFileSync(join(dir, 'config.json'), config);
    const w = new ShardedSafetensorsWriter(dir, { maxShardBytes });
    w.add('l.weight', { dtype: 'BF16', shape: [2, 2], data: new Uint8Array(8) });
    w.add('l.bias', { dtype: 'BF16', shape: [2], data: new Uint8Array(4) });
    w.finish();
  }

  it('lists parameters with DType names, bytes and kinds', () => {
    folder('{"model_type":"x"}');
    const m = openModelFolder(dir);
    expect(m.config).to.deep.equal({ model_type: 'x' });
    expect(m.parameters).to.deep.equal([
      { fqn: 'l.weight', shape: [2, 2], dtype: 'bfloat16', storedDtype: 'BF16', bytes: 8, kind: 'linear' },
      { fqn: 'l.bias', shape: [2], dtype: 'bfloat16', storedDtype: 'BF16', bytes: 4, kind: 'linear' },
    ]);
    m.weights.close();
  });

  it('has a SHA-256 identity that changes with config.json', () => {
    folder('{"a":1}');
    const a = openModelFolder(dir);
    a.weights.close();
    writeFileSync(join(dir, 'config.json'), '{"a":2}');
    const b = openModelFolder(dir);
    b.weights.close();
    expect(a.identity).to.match(/^[0-9a-f]{64}$/);
    expect(a.identity).to.not.equal(b.identity);
  });

  it('names the folder and the file when config.json is not JSON', () => {
    folder('{nope');
    expect(() => openModelFolder(dir)).to.throw(/config\.json: not valid JSON/);
  });

  it('opens the installed default model (all-MiniLM-L6-v2)', function () {
    if (!existsSync(join(DEFAULT_MODEL, 'model.safetensors'))) this.skip(); // npm run setup installs it
    const m = openModelFolder(DEFAULT_MODEL);
    expect(m.config.model_type).to.equal('bert');
    expect(m.parameters).to.have.length(104);
    const linears = m.parameters.filter((p) => p.kind === 'linear' && p.fqn.endsWith('.weight'));
    expect(linears).to.have.length(37); // 6 layers x (q, k, v, attn out, intermediate, out) + pooler.dense
    expect(m.parameters.find((p) => p.fqn === 'embeddings.word_embeddings.weight')?.kind).to.equal('embedding');
    m.weights.close();
  });
});
