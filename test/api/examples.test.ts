// The API example builds exactly the IR of the recipe file it mirrors.
import { expect } from 'chai';
import { minilmRecipe } from '../../examples/api/minilm-recipe.js';
import { stripSpans } from '../../src/ir/recipe.js';
import { loadRecipe } from '../../src/lower/load.js';

describe('examples/api', () => {
  it('minilm-recipe.ts builds the IR of examples/recipes/minilm.quant', () => {
    const dsl = loadRecipe('examples/recipes/minilm.quant');
    expect(dsl.diagnostics).to.deep.equal([]);
    expect(minilmRecipe()).to.deep.equal(stripSpans(dsl.file));
  });
});
