// `fmt` lays a recipe out canonically, keeps every comment, and never changes its meaning.
import { expect } from 'chai';
import fc from 'fast-check';
import { stripSpans } from '../../src/ir/recipe.js';
import { formatSource } from '../../src/lower/format-source.js';
import { lowerSource } from '../../src/lower/load.js';
import { printRecipeFile } from '../../src/lower/print.js';
import { recipeFile } from './arbitraries.js';

const fmt = (text: string): string => {
  const r = formatSource(text, 'x.quant');
  if (r.text === null) throw new Error(JSON.stringify(r.diagnostics));
  return r.text;
};

const MESSY = `# header
quant 1
target cuda( arch="sm_90a" )  # trailing



let w4  = Int4WeightOnlyConfig(group_size = 128,
   # inside
   granularity=PerGroup(32))
recipe r {   # header
  "lm_head"        -> None
  glob "a.{i}.*" where (i >= 30) -> Int8WeightOnlyConfig()  // two


  default -> w4
  # end
}
`;

describe('fmt', () => {
  it('normalises layout and keeps comments where they belong', () => {
    expect(fmt(MESSY)).to.equal(`# header
quant 1
target cuda(arch = "sm_90a") # trailing

# inside
let w4 = Int4WeightOnlyConfig(group_size=128, granularity=PerGroup(32))

recipe r { # header
  "lm_head"                    -> skip
  glob "a.{i}.*" where i >= 30 -> Int8WeightOnlyConfig() // two

  default -> w4
  # end
}
`);
  });

  it('aligns `->` and `=` within a block; comments do not break a block, blank lines do; long lines keep one space', () => {
    const long = `glob "${'x'.repeat(70)}"`;
    expect(
      fmt(
        `let a = Int8WeightOnlyConfig()\n# c\nlet bbb = Int8WeightOnlyConfig()\nrecipe r {\n"a" -> skip\n# c\n"bbbb" -> skip\n${long} -> skip\n\ndefault -> skip\n}`,
      ),
    ).to.equal(
      `let a   = Int8WeightOnlyConfig()\n# c\nlet bbb = Int8WeightOnlyConfig()\n\nrecipe r {\n  "a"    -> skip\n  # c\n  "bbbb" -> skip\n  ${long} -> skip\n\n  default -> skip\n}\n`,
    );
  });

  it('is idempotent and keeps the meaning', () => {
    const once = fmt(MESSY);
    expect(fmt(once)).to.equal(once);
    const ir = (t: string) => stripSpans(lowerSource(t, 'x.quant', { validateConfig: () => [] }).file);
    expect(ir(once)).to.deep.equal(ir(MESSY));
  });

  it('keeps raw strings raw', () => {
    expect(fmt('recipe r { re r"model\\\\.\\d+" -> skip }')).to.equal(
      'recipe r {\n  re r"model\\\\.\\d+" -> skip\n}\n',
    );
  });

  it('refuses text with syntax errors, reporting them', () => {
    const r = formatSource('recipe r { "a" = skip }', 'x.quant');
    expect(r.text).to.equal(null);
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['QF1002']);
  });

  it('keeps the meaning and every comment of valid text laid out at random, and is idempotent (property)', () => {
    const rule = fc.constantFrom(
      ['"a.b"', '->', 'skip'],
      ['glob', '"x.{i}.*"', 'where', 'i', '<', '2', 'and', 'not', 'ndim', '==', '3', '->', 'w'],
      ['re', '"a\\.b"', '->', 'Int4WeightOnlyConfig', '(', 'group_size', '=', '64', ',', ')'],
      ['default', '->', 'None'],
      ['expect', 'quantized_fraction', '>=', '0.5'],
      ['allow', 'skip_incompatible'],
    );
    const tokens = fc
      .array(rule, { maxLength: 6 })
      .map((rs) => [
        'let',
        'w',
        '=',
        'Int8WeightOnlyConfig',
        '(',
        ')',
        'target',
        'cpu',
        '(',
        'isa',
        '=',
        '"avx2"',
        ')',
        'recipe',
        'r',
        '{',
        ...rs.flat(),
        '}',
      ]);
    const gap = fc.constantFrom(' ', '  ', '\n', '\n\n\n', '\t', ' # note\n', '\n// other\n  ');
    const text = tokens.chain((ts) =>
      fc
        .array(gap, { minLength: ts.length, maxLength: ts.length })
        .map((gs) => ts.map((t, i) => `${t}${gs[i]}`).join('')),
    );
    const lowered = (t: string) => stripSpans(lowerSource(t, 'x.quant', { validateConfig: () => [] }).file);
    const comments = (t: string) => (t.match(/(#|\/\/)[^\n]*/g) ?? []).map((c) => c.trim());
    fc.assert(
      fc.property(text, (t) => {
        const once = fmt(t);
        expect(lowered(once)).to.deep.equal(lowered(t));
        expect(comments(once)).to.deep.equal(comments(t));
        expect(fmt(once)).to.equal(once);
      }),
      { numRuns: 200 },
    );
  });

  it("leaves the printer's canonical text unchanged (property)", () => {
    fc.assert(
      fc.property(recipeFile, (ir) => {
        const text = printRecipeFile(ir);
        expect(fmt(text)).to.equal(text);
      }),
      { numRuns: 100 },
    );
  });
});
