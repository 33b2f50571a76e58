// The binding pipeline in order: bind (a decision per tensor) → check (whole-recipe checks).
// `quantforge plan`, `quantforge check --model` and the build use this one function.
import type { RecipeFile } from '../ir/recipe.js';
import type { Plan } from '../ir/plan.js';
import type { ModelDescription } from '../model/description.js';
import { bind, type BindOptions } from './bind.js';
import { check } from './check.js';

export function planRecipe(file: RecipeFile, model: ModelDescription, options: BindOptions = {}): Plan {
  return check(bind(file, model, options), file);
}
