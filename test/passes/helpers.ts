// Test helpers: recipes from `.quant` text (through the real lowering) and models from a
// compact shape table.
import { lowerSource } from '../../src/lower/load.js';
import type { RecipeFile } from '../../src/ir/recipe.js';
import { describeTensors, type ModelDescription } from '../../src/model/description.js';
import { planRecipe } from '../../src/passes/plan-recipe.js';
import type { Plan, PlannedTensor } from '../../src/ir/plan.js';

export function recipe(text: string): RecipeFile {
  const r = lowerSource(text, 'test.quant');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.file;
}

/** `{ "a.weight": [4096, 4096] }` → a bf16 model description. */
export function model(shapes: Record<string, number[]>, dtype = 'bfloat16'): ModelDescription {
  return describeTensors(
    Object.entries(shapes).map(([fqn, shape]) => ({ fqn, shape, dtype })),
    'test-model',
    {},
  );
}

export function plan(text: string, shapes: Record<string, number[]>): Plan {
  return planRecipe(recipe(text), model(shapes));
}

/** FQN → config name or 'skip'. */
export function decisions(p: Plan): Record<string, string> {
  return Object.fromEntries(
    p.tensors.map((t: PlannedTensor) => [t.fqn, t.decision.action === 'quantize' ? t.decision.config.name : 'skip']),
  );
}

export const codes = (p: Plan) => p.diagnostics.map((d) => d.code);
