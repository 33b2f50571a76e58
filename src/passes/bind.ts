// bind: Recipe IR × model description → Plan IR (a decision for every tensor of the model).
//
// Requires: a lowered RecipeFile (lets inlined, `extends` flattened into the rule list) and a
// ModelDescription (src/model/description.ts). Guarantees: every tensor of the model appears
// once in `plan.tensors`, in model order, with the decision of dsl.md's precedence —
//   1. exact string = parameter FQN   2. exact string = module FQN (its `weight`)
//   3. first pattern fully matching the parameter FQN (rank ≥ 2 tensors only)
//   4. first pattern fully matching the module FQN (its `weight`, rank ≥ 2)
//   5. `default`, for the weight of modules torchao's `_is_linear` accepts —
// where a rule whose `where` is false does not match. Decisions are checked against torchao's
// shape/dtype rules (checkWeight): a misfit is an error, or a skip under `allow skip_incompatible`.
// Sibling projections sharing an input and a format get a fusion group (a warning when siblings
// get different configs).
// Pure: no I/O; diagnostics are returned in the plan. Whole-recipe checks are src/passes/check.ts.
//
// Cost: exact rules are map lookups; patterns are filed in a RuleIndex by a literal segment they
// require, so a tensor is tested only against rules that can match it, and a candidate's literal
// prefix (`model.layers.3.mlp.experts.12` of `model\.layers\.3\.mlp\.experts\.12\d\..*`) is
// compared before its regex runs. Sibling grouping is one linear pass (check/parent-groups.ts).
import type { Diagnostic } from '../ir/diagnostic.js';
import { catalog, diagnostic } from '../ir/diagnostic-catalog.js';
import type { Recipe, RecipeFile } from '../ir/recipe.js';
import type { Plan } from '../ir/plan.js';
import type { ModelDescription } from '../model/description.js';
import { Binder } from './bind/binder.js';
import { siblingGroups } from './check/siblings.js';

export interface BindOptions {
  /** The recipe to bind; default: the file's only recipe, or its last one. */
  recipe?: string;
}

export function bind(file: RecipeFile, model: ModelDescription, options: BindOptions = {}): Plan {
  const diagnostics: Diagnostic[] = [];
  const recipe = pickRecipe(file, options.recipe, diagnostics);
  const plan: Plan = {
    recipe: recipe?.name ?? '',
    file: file.file,
    model: model.source,
    tensors: [],
    rules: [],
    diagnostics,
  };
  if (!recipe) return plan;
  const binder = new Binder(recipe, file.file, diagnostics);
  // push, not `new Array(n)`: a large preallocated array starts in V8's slow dictionary mode.
  const tensors: Plan['tensors'] = [];
  for (const t of model.tensors) tensors.push(binder.decide(t));
  // Fusion groups are part of the decision; the tensors are fresh objects, so setting them is local.
  const siblingWarnings = siblingGroups(tensors, (i, group) => (tensors[i]!.fusionGroup = group));
  plan.tensors = tensors;
  plan.rules = binder.uses();
  diagnostics.push(...binder.groups.drain(), ...siblingWarnings);
  return plan;
}

function pickRecipe(file: RecipeFile, name: string | undefined, out: Diagnostic[]): Recipe | null {
  if (file.recipes.length === 0) {
    out.push(diagnostic(catalog.noRecipeToBind, { file: file.file }, null));
    return null;
  }
  if (name === undefined) return file.recipes[file.recipes.length - 1]!;
  const r = file.recipes.find((x) => x.name === name);
  if (!r)
    out.push(
      diagnostic(
        catalog.unknownRecipeName,
        { name, file: file.file, names: file.recipes.map((x) => x.name).join(', ') },
        null,
      ),
    );
  return r ?? null;
}
