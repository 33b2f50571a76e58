// torchao's FqnToConfig, with its semantics (torchao-semantics.md §1.3, dsl.md "Equivalence
// with torchao"): keys are exact module or parameter FQNs, `"re:<regex>"` keys (full match),
// and `"_default"` (linear modules only); a `null` value means skip (torchao's None).
// Precedence is not the key order but torchao's: exact parameter > exact module > regex on
// parameter > regex on module (first in key order) > _default; bind implements it for any
// recipe, so the translation is key by key.
//
//   FqnToConfig({ 'lm_head': null, 're:.*mlp.*': Int4WeightOnlyConfig(), '_default': Int8WeightOnlyConfig() })
//   ≡ recipe fqn_to_config { "lm_head" -> skip  re ".*mlp.*" -> Int4WeightOnlyConfig()  default -> Int8WeightOnlyConfig() }
import type { ConfigCall, Recipe, RecipeFile } from '../ir/recipe.js';
import { recipe as recipeBuilder } from './recipe.js';

export interface FqnToConfig {
  kind: 'FqnToConfig';
  /** Keys in insertion order, as Python dicts keep them. */
  entries: [string, ConfigCall | null][];
  /** The recipe this mapping means (validated; throws DiagnosticError). */
  toRecipe(name?: string): Recipe;
  toRecipeFile(name?: string): RecipeFile;
}

export function FqnToConfig(
  mapping: Readonly<Record<string, ConfigCall | null>> | Map<string, ConfigCall | null>,
): FqnToConfig {
  const entries = mapping instanceof Map ? [...mapping.entries()] : Object.entries(mapping);
  const toRecipeFile = (name = 'fqn_to_config'): RecipeFile => {
    const r = recipeBuilder(name);
    for (const [key, config] of entries) {
      if (key === '_default') r.default(config);
      else if (key.startsWith('re:')) r.regex(key.slice(3), config);
      else r.exact(key, config);
    }
    return r.build();
  };
  return { kind: 'FqnToConfig', entries, toRecipeFile, toRecipe: (name) => toRecipeFile(name).recipes[0] };
}

/** `quantize_(model, config)` with the default filter: every linear weight gets `config`. */
export function defaultOnly(config: ConfigCall, name = 'quantize'): RecipeFile {
  return recipeBuilder(name).default(config).build();
}
