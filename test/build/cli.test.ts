// The build and bundle commands end to end through the CLI entry point, on the tiny model with
// a real recipe (lowered and bound by the language and registry passes).
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { listFiles } from '../../src/bundle/finalize.js';
import { writeTinyModel } from './fixtures.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

describe('CLI: build, inspect, verify, pack, unpack, merge', () => {
  let dir: string;
  let recipe: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'qf-cli-'));
    writeTinyModel(dir);
    recipe = join(dir, 'tiny.quant');
    writeFileSync(
      recipe,
      'quant 1\nrecipe tiny {\n  glob "layers.{i}.up" -> IntxWeightOnlyConfig(weight_dtype = torch.int4, granularity = PerGroup(16))\n  default -> Int8WeightOnlyConfig()\n}\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('builds with plain progress lines when piped, then inspects and verifies', async () => {
    const b = await run('build', recipe, '--model', dir, '-o', join(dir, 'a.bundle'));
    expect(b.code, b.err).to.equal(0);
    expect(b.err).to.match(/^build: \d+\/7 tensors, [\d.]+ tensors\/s, [\d.]+ MB\/s, ETA /m);
    expect(b.out).to.match(/built .*a\.bundle: 7 tensors/);
    const i = await run('inspect', join(dir, 'a.bundle'), '--layers');
    expect(i.code).to.equal(0);
    expect(i.out).to.match(
      /IntxWeightOnlyConfig\(weight_dtype=torch.int4, granularity=PerGroup\(group_size=16\)\)\s+2/,
    );
    expect(i.out).to.match(/layers\.0\.q\.weight\s+Int8WeightOnlyConfig\(\)\s+[\d.]+ dB/);
    const v = await run('verify', join(dir, 'a.bundle'));
    const files = listFiles(join(dir, 'a.bundle')).length;
    expect([v.code, v.out]).to.deep.equal([
      0,
      `${join(dir, 'a.bundle')}: ok (${files} files, ${v.out.match(/([\d.]+) MB/)![1]} MB verified)\n`,
    ]);
    expect(i.out).to.match(/cpu\s+kernels\/cpu-\w+\.so\s+\d+/);
  });

  it('--quiet prints nothing; verify exits 1 naming a flipped file', async () => {
    const out = join(dir, 'q.bundle');
    const b = await run('build', recipe, '--model', dir, '-o', out, '--quiet');
    expect([b.code, b.out, b.err]).to.deep.equal([0, '', '']);
    const f = join(out, 'weights/model.safetensors');
    const bytes = readFileSync(f);
    bytes[100] ^= 4;
    writeFileSync(f, bytes);
    const v = await run('verify', out);
    expect(v.code).to.equal(1);
    expect(v.err).to.match(/weights\/model\.safetensors: SHA-256 [0-9a-f]+ differs/);
  });

  it('shards with --shard i/N and merges into the unsharded bundle, byte for byte', async () => {
    const whole = join(dir, 'w.bundle');
    await run('build', recipe, '--model', dir, '-o', whole, '--quiet');
    for (const i of [1, 2, 3])
      expect(
        (await run('build', recipe, '--model', dir, '-o', join(dir, `s${i}`), '--shard', `${i}/3`, '--quiet')).code,
      ).to.equal(0);
    const m = await run('merge', join(dir, 's3'), join(dir, 's1'), join(dir, 's2'), '-o', join(dir, 'm.bundle'));
    expect(m.code, m.err).to.equal(0);
    for (const f of listFiles(whole))
      expect(readFileSync(join(dir, 'm.bundle', f)).equals(readFileSync(join(whole, f))), f).to.equal(true);
  });

  it('packs and unpacks', async () => {
    await run('build', recipe, '--model', dir, '-o', join(dir, 'p.bundle'), '--quiet');
    expect((await run('pack', join(dir, 'p.bundle'), '-o', join(dir, 'p.qfb'))).code).to.equal(0);
    const u = await run('unpack', join(dir, 'p.qfb'), '-o', join(dir, 'u.bundle'));
    const files = listFiles(join(dir, 'p.bundle')).length;
    expect([u.code, u.out]).to.deep.equal([
      0,
      `unpacked ${join(dir, 'p.qfb')} -> ${join(dir, 'u.bundle')} (${files} files, verified)\n`,
    ]);
  });

  it('reports recipe errors with file, line and caret, before any compute, and exits 1', async () => {
    const bad = join(dir, 'bad.quant');
    writeFileSync(bad, 'quant 1\nrecipe r {\n  default -> Int8WeightOnlyConfg()\n}\n');
    const b = await run('build', bad, '--model', dir, '-o', join(dir, 'never.bundle'));
    expect(b.code).to.equal(1);
    expect(b.err).to.match(/bad\.quant:3:\d+: error QF\d+/);
    expect(b.err).to.match(/Int8WeightOnlyConfig/); // the did-you-mean hint
  });

  it('explains bad arguments with the usage', async () => {
    const b = await run('build', recipe, '--model', dir, '-o', join(dir, 'x'), '--shard', '4/3');
    expect(b.code).to.equal(1);
    expect(b.err).to.match(/--shard expects i\/N with 1 <= i <= N/);
    const n = await run('build', recipe);
    expect(n.err).to.match(/build needs RECIPE, --model and -o\nusage: quantforge build/);
  });
});
