// What the build pipeline needs from the front end (lower, bind, check): for every parameter
// of the model one decision, plus the recipe's identity and targets. The front end
// (src/build/frontend.ts) derives it from the Plan IR; tests build it directly.
//
// Invariant the pipeline checks before any compute: exactly one entry per model parameter.
import type { FormatSpec } from '../ir/format.js';
import type { RecipeFile, Target } from '../ir/recipe.js';

export type PlannedDecision =
  { kind: 'skip'; reason: string } | { kind: 'quantize'; config: string; rule: string; format: FormatSpec };

export interface PlannedParameter {
  fqn: string;
  decision: PlannedDecision;
}

export interface BuildPlan {
  recipe: {
    file: string;
    source: string;
    /** The lowered recipe; spans are stripped before hashing. */
    ir: RecipeFile | Record<string, unknown>;
  };
  targets: Target[];
  parameters: PlannedParameter[];
}
