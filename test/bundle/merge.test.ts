import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle } from '../../src/build/pipeline.js';
import { listFiles } from '../../src/bundle/finalize.js';
import { mergeShards } from '../../src/bundle/merge.js';
import { openModelFolder, type ModelFolder } from '../../src/model/folder.js';
import { load } from '../../runtime/src/bundle/index.js';
import { tinyPlan, writeTinyModel } from '../build/fixtures.js';

describe('bundle/merge: build --shard i/N then merge == unsharded build', () => {
  let dir: string;
  let model: ModelFolder;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'qf-merge-'));
    writeTinyModel(dir);
    model = openModelFolder(dir);
  });
  after(() => {
    model.weights.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function sameTree(a: string, b: string): void {
    expect(listFiles(a)).to.deep.equal(listFiles(b));
    for (const f of listFiles(a)) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).to.equal(true);
  }

  for (const [count, maxShardBytes] of [
    [2, undefined],
    [3, 700],
    [7, undefined],
  ] as const) {
    it(`N = ${count}${maxShardBytes ? `, weights split at ${maxShardBytes} bytes` : ''}: shards are disjoint and merge byte-identically`, async () => {
      const whole = join(dir, `whole-${count}`);
      await buildBundle(tinyPlan(), model, { out: whole, maxShardBytes });
      const shards: string[] = [];
      const seen = new Set<string>();
      for (let i = 1; i <= count; i++) {
        const out = join(dir, `shard-${count}-${i}`);
        const { manifest } = await buildBundle(tinyPlan(), model, { out, shard: { index: i, count }, maxShardBytes });
        for (const p of manifest.parameters) {
          expect(seen.has(p.fqn), `${p.fqn} in two shards`).to.equal(false);
          seen.add(p.fqn);
        }
        shards.push(out);
      }
      expect(seen.size).to.equal(model.parameters.length);
      const merged = join(dir, `merged-${count}`);
      await mergeShards([...shards].reverse(), merged, { maxShardBytes });
      sameTree(merged, whole);
    });
  }

  it('a shard output is not loadable as a bundle; it says to merge', async () => {
    const out = join(dir, 'lonely-shard');
    await buildBundle(tinyPlan(), model, { out, shard: { index: 1, count: 2 } });
    expect(() => load(out)).to.throw(/shard 1\/2 of a build: join the shards with `quantforge merge`/);
  });

  it('refuses missing, duplicated, foreign or corrupted shards, naming each', async () => {
    const s1 = join(dir, 'r1');
    const s2 = join(dir, 'r2');
    await buildBundle(tinyPlan(), model, { out: s1, shard: { index: 1, count: 2 } });
    await buildBundle(tinyPlan(), model, { out: s2, shard: { index: 2, count: 2 } });
    const fail = async (dirs: string[]) => {
      let err: Error | undefined;
      await mergeShards(dirs, join(dir, 'never')).catch((e: Error) => (err = e));
      return err?.message ?? '';
    };
    expect(await fail([s1])).to.match(/shard 2\/2 is missing/);
    expect(await fail([s1, s1, s2])).to.match(/both shard 1\/2/);
    const other = tinyPlan();
    other.recipe.ir = { version: 1, recipes: ['other'] };
    const s2b = join(dir, 'r2b');
    await buildBundle(other, model, { out: s2b, shard: { index: 2, count: 2 } });
    expect(await fail([s1, s2b])).to.match(/r2b was built from another recipe/);
    const weights = join(s2, 'weights/model.safetensors');
    const bytes = readFileSync(weights);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(weights, bytes);
    expect(await fail([s1, s2])).to.match(/r2: weights\/model.safetensors: SHA-256 .* differs/);
  });
});
