// Whatever the text, the parser and lowering return diagnostics and never throw or hang:
// random text over the language's alphabet, and valid recipes mutated character by character.
import { expect } from 'chai';
import fc from 'fast-check';
import { lowerSource } from '../../src/lower/load.js';

const SEED = `quant 1
import "base.quant" as base
target cuda(arch = "sm_90a")
let w4 = Int4WeightOnlyConfig(group_size=128, granularity=PerGroup(32), t=(1,), l=[torch.int4, None])
recipe r extends base.y {
  "lm_head" -> skip  # comment
  glob "model.layers.{i}.*_proj" where i < 2 or in_features % 128 == 0 -> w4
  re r"model\\.layers\\.\\d+" -> Int8WeightOnlyConfig() // another
  default -> None
  allow skip_incompatible
  expect quantized_fraction >= 0.95
}
`;

const ALPHABET = [
  ...'abcdefgrsxyz_0123456789.,()[]{}=-><!+*/%#"\\ \n\t:',
  'recipe',
  'glob',
  're',
  'default',
  'let',
  '->',
  'where',
  'import',
  'expect',
  'r"',
];
const noFiles = {
  readFile: (): string => {
    throw Object.assign(new Error('none'), { code: 'ENOENT' });
  },
};

function survives(text: string): void {
  const started = Date.now();
  const r = lowerSource(text, 'fuzz.quant', noFiles);
  expect(Date.now() - started, 'lowering took too long').to.be.below(2000);
  for (const d of r.diagnostics) {
    expect(d.code).to.match(/^QF\d{4}$/);
    if (d.span) expect(d.span.offset).to.be.within(0, text.length);
  }
}

const mutation = fc.record({
  at: fc.nat(),
  del: fc.nat({ max: 6 }),
  insert: fc.array(fc.constantFrom(...ALPHABET), { maxLength: 3 }),
});

describe('parser limits', () => {
  it('refuses nesting deeper than the parser can recurse, with one diagnostic where it starts', () => {
    for (const text of [
      `let c = C(${'['.repeat(5000)}${']'.repeat(5000)})`,
      `recipe r { default where ${'not '.repeat(5000)}true -> skip }`,
    ]) {
      const r = lowerSource(text, 'deep.quant', noFiles);
      expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['QF1007']);
    }
  });

  it('refuses operator chains longer than the passes can recurse over', () => {
    const r = lowerSource(
      `recipe r { default where ${Array(5000).fill('ndim').join(' + ')} > 1 -> skip }`,
      'long.quant',
      noFiles,
    );
    expect(r.diagnostics.map((d) => d.message)).to.deep.equal(['brackets or operators nested deeper than 512 levels']);
  });
});

describe('parser robustness (property)', () => {
  it('turns random text into diagnostics, never an exception', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALPHABET), { maxLength: 80 }).map((a) => a.join('')),
        survives,
      ),
      { numRuns: 300 },
    );
  });

  it('turns any string at all into diagnostics', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), survives), { numRuns: 200 });
  });

  it('survives valid recipes with characters deleted, inserted or replaced', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (muts) => {
        let text = SEED;
        for (const m of muts) {
          const at = m.at % (text.length + 1);
          text = text.slice(0, at) + m.insert.join('') + text.slice(at + m.del);
        }
        survives(text);
      }),
      { numRuns: 300 },
    );
  });
});
