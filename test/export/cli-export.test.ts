// `quantforge export --format torchao` end to end: build the tiny model, export it, read the
// file back (ours and, where the project's .venv has it, Python's safetensors).
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { load } from '../../runtime/src/bundle/index.js';
import { fromTorchaoStateDict } from '../../src/export/torchao/from-state-dict.js';
import { writeTinyModel } from '../build/fixtures.js';

const PYTHON = resolve('.venv/bin/python');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

describe('CLI: export --format torchao', function () {
  this.timeout(120_000);
  let dir: string;
  let bundle: string;
  let file: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qf-export-'));
    writeTinyModel(dir);
    const recipe = join(dir, 'tiny.quant');
    // PerGroup(8), not 16: with K = 16 a group of 16 stores what PerAxis(0) stores, and the
    // file cannot tell them apart (the importer reads PerAxis).
    writeFileSync(
      recipe,
      'quant 1\nrecipe tiny {\n' +
        '  "layers.0.up.weight" -> IntxWeightOnlyConfig(weight_dtype = torch.int4, granularity = PerGroup(8))\n' +
        '  "layers.1.up.weight" -> Float8DynamicActivationFloat8WeightConfig(granularity = PerRow())\n' +
        '  default -> Int8DynamicActivationInt8WeightConfig()\n}\n',
    );
    bundle = join(dir, 'tiny.bundle');
    const b = await run('build', recipe, '--model', dir, '-o', bundle, '--quiet');
    expect(b.code, b.err).to.equal(0);
    file = join(dir, 'tiny.safetensors');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every parameter; reading it back gives the bundle formats and bytes', async () => {
    const e = await run('export', bundle, '--format', 'torchao', '-o', file);
    expect(e.code, e.err).to.equal(0);
    expect(e.out).to.match(/7 parameters \(4 quantized\)/);
    const back = fromTorchaoStateDict(file);
    const b = load(bundle);
    try {
      expect(back.map((p) => p.fqn)).to.deep.equal(b.manifest.parameters.map((p) => p.fqn));
      for (const p of back) {
        const stored = b.parameter(p.fqn);
        if (p.kind === 'plain') {
          expect(stored.decision.kind, p.fqn).to.equal('skip');
          expect(Buffer.from(p.data).equals(Buffer.from(stored.tensor(null).data)), p.fqn).to.equal(true);
          continue;
        }
        const d = stored.decision;
        expect(d.kind === 'quantize' && d.format, p.fqn).to.deep.equal(p.format);
        for (const [inner, t] of Object.entries(p.weight.tensors))
          expect(Buffer.from(t.data).equals(Buffer.from(stored.tensor(inner).data)), `${p.fqn}.${inner}`).to.equal(
            true,
          );
      }
    } finally {
      b.close();
    }
  });

  it("is readable by Python's safetensors with torchao's keys and metadata", function () {
    if (!existsSync(PYTHON)) this.skip();
    const script = `
import json, sys
from safetensors import safe_open
f = safe_open(sys.argv[1], "np")
m = f.metadata()
print(json.dumps({"keys": sorted(f.keys()), "names": json.loads(m["tensor_names"]),
  "types": {k: json.loads(v)["_type"] for k, v in m.items() if k != "tensor_names"}}))`;
    const got = JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' })) as {
      keys: string[];
      names: string[];
      types: Record<string, string>;
    };
    expect(got.names).to.include.members(['embed.weight', 'layers.0.q.weight', 'layers.0.q.bias']);
    expect(got.types['layers.0.up.weight']).to.equal('IntxUnpackedToInt8Tensor');
    expect(got.types['layers.1.up.weight']).to.equal('Float8Tensor');
    expect(got.types['layers.0.q.weight']).to.equal('Int8Tensor');
    expect(got.types['embed.weight']).to.equal('Tensor');
    expect(got.keys).to.include.members([
      'layers.0.up._weight_qdata',
      'layers.1.up._weight_scale',
      'layers.0.q._weight_zero_point',
      'embed.weight',
      'layers.0.q.bias',
    ]);
    expect(got.keys).to.not.include('layers.0.q.weight');
  });

  it('refuses a missing --format or output with the usage', async () => {
    const r = await run('export', bundle, '-o', file);
    expect(r.code).to.equal(1);
    expect(r.err).to.match(/--format torchao/);
  });
});
