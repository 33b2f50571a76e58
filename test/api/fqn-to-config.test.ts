// FqnToConfig with torchao's semantics: "re:" keys are regexes, "_default" is the default
// rule, null is skip, other keys are exact module or parameter FQNs; the mapping is the recipe
// dsl.md gives for it.
import { expect } from 'chai';
import { FqnToConfig, Int4WeightOnlyConfig, Int8WeightOnlyConfig } from '../../src/api/index.js';
import { stripSpans } from '../../src/ir/recipe.js';
import { lowerSource } from '../../src/lower/load.js';

describe('FqnToConfig', () => {
  it('is the recipe `"a.b" -> cfg`, `re "x.*" -> cfg2`, `default -> cfg3`, None = skip', () => {
    const api = FqnToConfig({
      'model.layers.0.q_proj.weight': Int8WeightOnlyConfig(),
      lm_head: null,
      're:model\\.layers\\.\\d+\\.mlp\\..*': Int4WeightOnlyConfig({ groupSize: 64 }),
      _default: Int8WeightOnlyConfig(),
    }).toRecipeFile('fqn');
    const text = `recipe fqn {
  "model.layers.0.q_proj.weight" -> Int8WeightOnlyConfig()
  "lm_head" -> None
  "re:model\\.layers\\.\\d+\\.mlp\\..*" -> Int4WeightOnlyConfig(group_size=64)
  default -> Int8WeightOnlyConfig()
}`;
    const dsl = stripSpans(lowerSource(text, 'fqn.quant').file);
    expect(api).to.deep.equal(dsl);
  });

  it('keeps the key order (regex keys compete in dict order)', () => {
    const r = FqnToConfig(
      new Map([
        ['re:b.*', null],
        ['re:a.*', Int8WeightOnlyConfig()],
      ]),
    ).toRecipe();
    expect(r.rules.map((x) => x.matcher)).to.deep.equal([
      { kind: 'regex', pattern: 'b.*' },
      { kind: 'regex', pattern: 'a.*' },
    ]);
  });

  it('rejects a regex key that is not in the common subset of Python and ECMAScript', () => {
    expect(() => FqnToConfig({ 're:(?i)x': null }).toRecipe()).to.throw(/QF2010/);
  });
});
