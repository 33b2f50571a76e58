import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle } from '../../src/build/pipeline.js';
import { formatSummary, summarize } from '../../src/bundle/inspect.js';
import { openModelFolder } from '../../src/model/folder.js';
import { tinyPlan, writeTinyModel } from '../build/fixtures.js';

describe('bundle/inspect', () => {
  let dir: string;
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts parameters and bytes per config and lists per-layer SQNR from the manifest', async () => {
    dir = mkdtempSync(join(tmpdir(), 'qf-inspect-'));
    writeTinyModel(dir);
    const model = openModelFolder(dir);
    const { manifest } = await buildBundle(tinyPlan(), model, { out: join(dir, 'b') });
    model.weights.close();
    const s = summarize(manifest);
    expect(s.parameters).to.equal(7);
    expect(s.configs.map((c) => [c.config, c.parameters])).to.deep.equal([
      ['skip', 3],
      ['Int8WeightOnlyConfig()', 4],
    ]);
    const int8 = s.configs[1];
    // bf16 -> int8 qdata + per row an fp32 scale and an int8 zero point (Int8Tensor).
    expect(int8.bytesAfter).to.equal((16 * 16 + 48 * 16) * 2 + (16 + 48) * 2 * (4 + 1));
    expect(int8.bytesBefore).to.equal((16 * 16 + 48 * 16) * 2 * 2);
    expect(s.layers.map((l) => l.fqn)).to.deep.equal([
      'layers.0.q.weight',
      'layers.0.up.weight',
      'layers.1.q.weight',
      'layers.1.up.weight',
    ]);
    expect(int8.minSqnrDb)
      .to.be.a('number')
      .lessThanOrEqual(int8.meanSqnrDb as number);
    const text = formatSummary(s, { layers: true });
    expect(text).to.match(/Int8WeightOnlyConfig\(\)\s+4\s/);
    expect(text).to.match(/layers\.1\.up\.weight\s+Int8WeightOnlyConfig\(\)\s+\d+\.\d dB/);
    expect(text).to.match(/^cpu\s+kernels\/cpu-\w+\.so\s+3$/m);
  });
});
