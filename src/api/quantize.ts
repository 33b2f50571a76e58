// `quantize(model, config, { filter })`, the twin of torchao's `quantize_`: instead of
// mutating a model it returns the bound plan (a decision for every tensor), checked before
// any compute. Throws DiagnosticError when the recipe or the plan has errors (torchao raises).
//
//   quantize(model, Int8WeightOnlyConfig())                 ≡ recipe { default -> cfg }
//   quantize(model, FqnToConfig({...}))                     ≡ that mapping's recipe
//   quantize(model, recipe('r')....build())                 a whole recipe, bound as it is
//   quantize(model, cfg, { filter: (m) => m.kind === 'embedding' })  no recipe form (dsl.md):
//        every module the filter accepts gets `cfg` on its weight, by an exact rule.
import { DiagnosticError } from '../ir/diagnostic.js';
import type { Plan } from '../ir/plan.js';
import type { ConfigCall, RecipeFile } from '../ir/recipe.js';
import { hasErrors } from '../lower/load.js';
import { describeModel, type ModelDescription, type TensorDescription } from '../model/description.js';
import { bind } from '../passes/bind.js';
import { check } from '../passes/check.js';
import { defaultOnly, type FqnToConfig } from './fqn-to-config.js';
import { recipe } from './recipe.js';

/** What a filter sees of a module: torchao's `filter_fn(module, fqn)`, without weights. */
export interface ModuleInfo {
  fqn: string;
  kind: TensorDescription['kind'];
  /** torchao's `_is_linear`. */
  isLinear: boolean;
  weight: TensorDescription;
}

export interface QuantizeOptions {
  filter?: (module: ModuleInfo, fqn: string) => boolean;
}

/** Modules owning a `weight`, in model order (containers never match, dsl.md). */
function modules(model: ModelDescription): ModuleInfo[] {
  return model.tensors
    .filter((t) => t.leaf === 'weight')
    .map((t) => ({ fqn: t.module, kind: t.kind, isLinear: t.isLinear, weight: t }));
}

/** A whole recipe file (the API's `build()`, or a lowered `.quant`): bound as it is. */
const isRecipeFile = (c: ConfigCall | FqnToConfig | RecipeFile): c is RecipeFile => 'recipes' in c;

function recipeFor(
  model: ModelDescription,
  config: ConfigCall | FqnToConfig | RecipeFile,
  options: QuantizeOptions,
): RecipeFile {
  if (isRecipeFile(config)) {
    if (options.filter)
      throw new TypeError('a filter applies to a single config; a recipe says itself what each weight gets');
    return config;
  }
  if (config.kind === 'FqnToConfig') {
    if (options.filter) {
      throw new TypeError(
        'Custom filter_fn and FqnToConfig were both specified. Only filter_fn=None is supported when FqnToConfig is specified. (torchao raises ValueError)',
      );
    }
    return config.toRecipeFile();
  }
  if (!options.filter) return defaultOnly(config);
  const r = recipe('quantize_filter');
  for (const m of modules(model)) if (options.filter(m, m.fqn)) r.exact(m.weight.fqn, config);
  return r.build();
}

/** `model` is a description or a path `describeModel` reads (folder, .safetensors, header JSON). */
export function quantize(
  model: ModelDescription | string,
  config: ConfigCall | FqnToConfig | RecipeFile,
  options: QuantizeOptions = {},
): Plan {
  const description = typeof model === 'string' ? describeModel(model) : model;
  const file = recipeFor(description, config, options);
  const plan = check(bind(file, description), file);
  if (hasErrors(plan.diagnostics)) throw new DiagnosticError(plan.diagnostics);
  return plan;
}
