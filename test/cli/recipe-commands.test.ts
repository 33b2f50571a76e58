// `quantforge check`, `fmt` and `diagrams` as a person runs them.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), isTTY: false }, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'qf-cli-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('quantforge check', () => {
  it('exits 0 and summarises a clean recipe', async () => {
    const p = file('ok.quant', 'let w = Int8WeightOnlyConfig()\nrecipe r {\n  "lm_head" -> skip\n  default -> w\n}\n');
    const c = capture();
    expect(await main(['check', p], c.io)).to.equal(0);
    expect(c.out.join('')).to.equal(`${p}: ok (1 recipe(s), 2 rule(s))\n`);
  });

  it('prints every diagnostic with its source line and exits 1', async () => {
    const p = file('bad.quant', 'recipe r {\n  default -> w5\n  "x" = skip\n}\n');
    const c = capture();
    expect(await main(['check', p], c.io)).to.equal(1);
    const err = c.err.join('');
    expect(err).to.contain(`${p}:2:14: error QF2001`);
    expect(err).to.contain(`${p}:3:7: error QF1002: unexpected \`=\`; expected \`->\``);
    expect(err).to.contain('2 errors');
  });

  it('with --model binds the recipe and reports what binding finds', async () => {
    const model = file(
      'm.json',
      JSON.stringify({
        'layers.0.mlp.down_proj.weight': { dtype: 'BF16', shape: [256, 100] },
        'layers.0.mlp.up_proj.weight': { dtype: 'BF16', shape: [100, 256] },
      }),
    );
    const p = file(
      'bind.quant',
      'recipe r {\n  glob "layers.{i}.mlp.*" -> Int4WeightOnlyConfig(group_size=128)\n  "nothing" -> skip\n}\n',
    );
    const c = capture();
    expect(await main(['check', p, '--model', model], c.io)).to.equal(1);
    const err = c.err.join('');
    expect(err).to.contain(`${p}:2:3: error QF4004: layers.0.mlp.down_proj.weight`);
    expect(err).to.contain(`${p}:3:3: warning QF4001`);
    const ok = file(
      'bind-ok.quant',
      'recipe r {\n  glob "layers.{i}.mlp.*" where in_features % 128 == 0 -> Int4WeightOnlyConfig(group_size=128)\n}\n',
    );
    const c2 = capture();
    expect(await main(['check', ok, '--model', model], c2.io)).to.equal(0);
    expect(c2.out.join('')).to.contain(`bound to ${model}`);
  });

  it('with --json prints the diagnostics as data', async () => {
    const p = file('j.quant', 'recipe r { default -> w5 }\n');
    const c = capture();
    expect(await main(['check', p, '--json'], c.io)).to.equal(1);
    const out = JSON.parse(c.out.join('')) as {
      ok: boolean;
      diagnostics: { code: string; span: { line: number; column: number } }[];
    };
    expect(out.ok).to.equal(false);
    expect(out.diagnostics.map((d) => [d.code, d.span.line, d.span.column])).to.deep.equal([['QF2001', 1, 23]]);
  });

  it('names a file it cannot read', async () => {
    const c = capture();
    expect(await main(['check', join(dir, 'missing.quant')], c.io)).to.equal(1);
    expect(c.err.join('')).to.match(/cannot read .*missing\.quant: ENOENT/);
  });
});

describe('quantforge fmt', () => {
  const messy = 'recipe r {\n"a"->None\n    default   -> skip # why\n}\n';
  const tidy = 'recipe r {\n  "a"     -> skip\n  default -> skip # why\n}\n';

  it('prints the formatted file', async () => {
    const c = capture();
    expect(await main(['fmt', file('m1.quant', messy)], c.io)).to.equal(0);
    expect(c.out.join('')).to.equal(tidy);
  });

  it('--check exits 1 on an unformatted file and 0 on a formatted one', async () => {
    const c = capture();
    expect(await main(['fmt', '--check', file('m2.quant', messy)], c.io)).to.equal(1);
    expect(await main(['fmt', '--check', file('t2.quant', tidy)], capture().io)).to.equal(0);
  });

  it('--write rewrites the file in place', async () => {
    const p = file('m3.quant', messy);
    expect(await main(['fmt', '--write', p], capture().io)).to.equal(0);
    expect(readFileSync(p, 'utf8')).to.equal(tidy);
  });
});

describe('quantforge diagrams', () => {
  it('writes an HTML page with a diagram for every grammar rule', async () => {
    const out = join(dir, 'd.html');
    expect(await main(['diagrams', '-o', out], capture().io)).to.equal(0);
    const html = readFileSync(out, 'utf8');
    expect(html).to.contain('<!DOCTYPE html>');
    for (const rule of ['recipeDecl', 'rule', 'matcher', 'action', 'expr']) expect(html).to.contain(`"${rule}"`);
    expect(html, 'the renderer is inlined, so the page works offline').not.to.contain('unpkg.com');
  });
});

describe('quantforge emit-ts', () => {
  it("writes a module importing this checkout's API relative to the output file", async () => {
    const p = file('e.quant', 'recipe r { default -> Int8WeightOnlyConfig() }\n');
    const out = join(dir, 'e.ts');
    const c = capture();
    expect(await main(['emit-ts', p, '-o', out, '--api', 'quantforge/api'], c.io)).to.equal(0);
    const ts = readFileSync(out, 'utf8');
    expect(ts).to.contain('from "quantforge/api";');
    expect(ts).to.contain('f.recipe("r")\n  .default(Int8WeightOnlyConfig());');
  });

  it('refuses a recipe with errors, printing them', async () => {
    const c = capture();
    expect(await main(['emit-ts', file('e2.quant', 'recipe r { default -> nope }\n')], c.io)).to.equal(1);
    expect(c.err.join('')).to.contain('QF2001');
  });
});
