// The printer writes canonical `.quant` text, and lowering that text gives back the IR:
// parse∘print is the identity (up to spans), on hand-written and on generated IR.
import { expect } from 'chai';
import fc from 'fast-check';
import { stripSpans, type RecipeFile } from '../../src/ir/recipe.js';
import { hasErrors, lowerSource } from '../../src/lower/load.js';
import { printRecipeFile } from '../../src/lower/print.js';
import { recipeFile } from './arbitraries.js';

function reparse(file: RecipeFile): RecipeFile {
  const text = printRecipeFile(file);
  // Generated configs are arbitrary calls: this checks the language, not the registry.
  const r = lowerSource(text, file.file, { validateConfig: () => [] });
  if (hasErrors(r.diagnostics)) throw new Error(`${text}\n${JSON.stringify(r.diagnostics, null, 1)}`);
  return stripSpans(r.file);
}

describe('printer', () => {
  it('writes the canonical form: version, targets, lets, then recipes', () => {
    const src = [
      'target cuda(arch="sm_90a")',
      'let w4=Int4WeightOnlyConfig(group_size = 128)',
      'recipe r {',
      '   expect quantized_fraction>=0.95',
      '  "lm_head"->None',
      '  glob "model.layers.{i}.mlp.*" where i<2 or (i>=30) -> Int8WeightOnlyConfig()',
      '  re "model\\.layers\\.\\d+" -> w4',
      '  allow skip_incompatible',
      'default->w4 }',
    ].join('\n');
    const { file } = lowerSource(src, 'x.quant');
    expect(printRecipeFile(file)).to.equal(
      [
        'quant 1',
        '',
        'target cuda(arch = "sm_90a")',
        '',
        'let w4 = Int4WeightOnlyConfig(group_size=128)',
        '',
        'recipe r {',
        '  "lm_head"                                            -> skip',
        '  glob "model.layers.{i}.mlp.*" where i < 2 or i >= 30 -> Int8WeightOnlyConfig()',
        '  re "model\\.layers\\.\\d+"                              -> w4',
        '  default                                              -> w4',
        '  allow skip_incompatible',
        '  expect quantized_fraction >= 0.95',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps the parentheses an expression needs, and no others', () => {
    const { file } = lowerSource(
      'recipe r { default where (ndim + 1) * 2 == -(3) and not (numel < 4 or layer > 1) -> skip }',
      'x.quant',
    );
    expect(printRecipeFile(file)).to.contain('where (ndim + 1) * 2 == -(3) and not (numel < 4 or layer > 1) -> skip');
  });

  it('writes numbers so that they read back with the same value and integer-ness', () => {
    const { file } = lowerSource('let c = C(a=1.0, b=2, c=1e-6, d=-0.5, e=(1,))\nrecipe r {}', 'x.quant', {
      validateConfig: () => [],
    });
    expect(printRecipeFile(file)).to.contain('let c = C(a=1.0, b=2, c=0.000001, d=-0.5, e=(1,))');
  });

  it('is the inverse of lowering on generated IR', () => {
    fc.assert(
      fc.property(recipeFile, (ir) => {
        expect(reparse(ir)).to.deep.equal(ir);
      }),
      { numRuns: 150 },
    );
  });
});
