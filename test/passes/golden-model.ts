// Test helper: the small model of the FqnToConfig golden cases, described from its manifest
// (`embed=Embedding(16,d); layers=2 x Block(q_proj=Linear(d,d), k_proj=Linear(d,d/2),
// norm=LayerNorm(d), mlp=(up=Linear(d,2d), down=Linear(2d,d))); lm_head=Linear(d,16)`), and the
// recipe equivalent to its FqnToConfig dict (dsl.md §Equivalence with torchao).
import { describeTensors, type ModelDescription } from '../../src/model/description.js';
import { configFromTorchaoDict, toConfigCall } from '../../src/ir/configs/index.js';
import type { RecipeFile, Rule } from '../../src/ir/recipe.js';
import type { GoldenManifest } from '../ir/configs/golden.js';

export function goldenModel(m: GoldenManifest): ModelDescription {
  const d = m.model!.d;
  const shapes: Record<string, number[]> = {
    'embed.weight': [16, d],
    'q_proj.weight': [d, d],
    'q_proj.bias': [d],
    'k_proj.weight': [d / 2, d],
    'k_proj.bias': [d / 2],
    'norm.weight': [d],
    'norm.bias': [d],
    'mlp.up.weight': [2 * d, d],
    'mlp.up.bias': [2 * d],
    'mlp.down.weight': [d, 2 * d],
    'mlp.down.bias': [d],
    'lm_head.weight': [16, d],
    'lm_head.bias': [16],
  };
  const tensors = m.model!.named_parameters.map((fqn) => {
    const key = fqn.replace(/^layers\.\d+\./, '');
    const shape = shapes[key];
    if (!shape) throw new Error(`no shape for ${fqn}`);
    return { fqn, shape, dtype: 'bfloat16' };
  });
  return describeTensors(tensors, m.case_id, {});
}

/** FqnToConfig dict → a recipe: keys in order; `re:` → regex, `_default` → default, None → skip. */
export function recipeFromFqnToConfig(dict: Record<string, unknown>, name = 'golden'): RecipeFile {
  const entries = (dict['_data'] as { fqn_to_config: Record<string, unknown> }).fqn_to_config;
  const rules: Rule[] = Object.entries(entries).map(([key, value]) => {
    const matcher: Rule['matcher'] =
      key === '_default'
        ? { kind: 'default' }
        : key.startsWith('re:')
          ? { kind: 'regex', pattern: key.slice(3) }
          : { kind: 'exact', fqn: key };
    if (value === null) return { matcher, predicate: null, action: { kind: 'skip' } };
    const r = configFromTorchaoDict(value);
    if (!r.ok) throw new Error(r.diagnostics.map((x) => x.message).join('\n'));
    return { matcher, predicate: null, action: { kind: 'config', config: toConfigCall(r.config) } };
  });
  return {
    version: 1,
    file: `${name}.quant`,
    targets: [],
    lets: {},
    recipes: [{ name, rules, expectations: [], allow: [] }],
  };
}
