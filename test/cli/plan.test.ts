// `quantforge plan`: the table, --json in the schema, --explain, and exit codes.
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), isTTY: false },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'qf-plan-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const model = write(
  'm.json',
  JSON.stringify({
    'layers.0.q_proj.weight': { dtype: 'BF16', shape: [64, 64] },
    'layers.0.q_proj.bias': { dtype: 'BF16', shape: [64] },
    'layers.0.up.weight': { dtype: 'BF16', shape: [128, 96] },
    'lm_head.weight': { dtype: 'BF16', shape: [32, 64] },
  }),
);
const good = write(
  'good.quant',
  'quant 1\nrecipe r {\n  "lm_head" -> skip\n  glob "layers.{i}.q_proj" -> Int8WeightOnlyConfig()\n  default -> IntxWeightOnlyConfig(weight_dtype = torch.int4, granularity = PerGroup(32))\n}\n',
);

describe('quantforge plan', () => {
  it('prints tensor → rule → config for every tensor, exit 0', async () => {
    const c = capture();
    expect(await main(['plan', good, '--model', model], c.io)).to.equal(0);
    const lines = c.out().split('\n');
    expect(lines.find((l) => l.startsWith('layers.0.q_proj.weight'))).to.match(
      /64x64\s+linear\s+.*good\.quant:4 glob "layers\.\{i\}\.q_proj"\s+Int8WeightOnlyConfig\(\)/,
    );
    expect(lines.find((l) => l.startsWith('lm_head.weight'))).to.match(/good\.quant:3 "lm_head"\s+skip \(rule\)/);
    expect(lines.find((l) => l.startsWith('layers.0.q_proj.bias'))).to.match(/skip \(no rule\)/);
    expect(c.out()).to.contain('2 of 4 tensors quantized');
  });
  it('--json follows the schema: params (fqn, shape, kind, action, config, rule) and diagnostics', async () => {
    const c = capture();
    expect(await main(['plan', good, '--model', model, '--json'], c.io)).to.equal(0);
    const j = JSON.parse(c.out()) as { params: Record<string, unknown>[]; diagnostics: unknown[] };
    expect(j.params).to.have.length(4);
    expect(j.params[0]).to.deep.equal({
      fqn: 'layers.0.q_proj.weight',
      shape: [64, 64],
      kind: 'linear',
      action: 'Int8WeightOnlyConfig',
      config: {
        group_size: null,
        granularity: { _type: 'PerRow', _version: 1, _data: { dim: -1 } },
        set_inductor_config: true,
      },
      rule: { file: good, line: 4 },
    });
    expect(j.params[1]).to.deep.include({ action: 'skip', config: null, rule: null });
    expect(j.diagnostics).to.deep.equal([]);
  });
  it('--explain lists every rule tried and why it won or lost', async () => {
    const c = capture();
    expect(await main(['plan', good, '--model', model, '--explain', 'layers.0.q_proj.weight'], c.io)).to.equal(0);
    const out = c.out();
    expect(out).to.match(/won\s+glob "layers\.\{i\}\.q_proj".*precedence 4 pattern on the module FQN.*i = 0/);
    expect(out).to.match(
      /lost\s+default.*matched at precedence 5 default, but glob "layers\.\{i\}\.q_proj".*higher precedence/,
    );
    expect(out).to.match(/no match\s+"lm_head"/);
  });
  it('exits 1 with rendered diagnostics when binding finds an error', async () => {
    const bad = write(
      'bad.quant',
      'recipe r {\n  default -> IntxWeightOnlyConfig(weight_dtype = torch.int4, granularity = PerGroup(64))\n}\n',
    );
    const c = capture();
    expect(await main(['plan', bad, '--model', model], c.io)).to.equal(1);
    expect(c.err()).to.contain('bad.quant:2:3: error QF4003').and.contain('layers.0.up.weight').and.contain('^^^');
  });
  it('exits 1 on recipe errors before reading the model', async () => {
    const bad = write('typo.quant', 'recipe r { default -> Int8WeightOnlyConfig(granularty = PerRow()) }\n');
    const c = capture();
    expect(await main(['plan', bad, '--model', join(dir, 'missing.json')], c.io)).to.equal(1);
    expect(c.err()).to.contain('QF3002').and.contain('did you mean `granularity`?');
  });
  it('names a missing model, a missing --model and an unknown tensor', async () => {
    let c = capture();
    expect(await main(['plan', good, '--model', join(dir, 'missing.json')], c.io)).to.equal(1);
    expect(c.err()).to.contain('missing.json: no such file or folder');
    c = capture();
    expect(await main(['plan', good], c.io)).to.equal(1);
    expect(c.err()).to.contain('plan needs --model');
    c = capture();
    expect(await main(['plan', good, '--model', model, '--explain', 'layers.0.q_proj'], c.io)).to.equal(1);
    expect(c.err()).to.contain('has no tensor layers.0.q_proj; similar: layers.0.q_proj.weight');
  });
  it('plans every example recipe on its model description without errors', async () => {
    for (const [r, m] of [
      ['llama3-8b-mixed', 'llama-3-8b'],
      ['mixtral-8x7b-moe', 'mixtral-8x7b'],
      ['minilm', 'all-minilm-l6-v2'],
    ]) {
      const c = capture();
      expect(
        await main(['plan', `examples/recipes/${r}.quant`, '--model', `examples/models/${m}.json`], c.io),
        `${r}: ${c.err()}`,
      ).to.equal(0);
      expect(c.err(), r).to.equal('');
    }
  });
});
