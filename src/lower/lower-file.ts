// AST of one file → RecipeFile (the "lowered" stage).
//
// Requires: a parsed AST (possibly partial after syntax errors) and its imports already
// loaded into `scope.imports`. Guarantees: every name is resolved (lets inlined into actions,
// `extends` merged), every pattern compiles, every config went through the validator; what
// fails is left out of the IR and reported, so one run reports every problem.
//
//   let w4 = Int4WeightOnlyConfig(group_size=128)       { lets: { w4: <call> },
//   recipe r { default -> w4 }                    ⟶      recipes: [{ name: "r", rules: [{ matcher: default,
//                                                          action: { config: <call>, letName: "w4" } }] }] }
import type { FileNode } from '../../grammar/index.js';
import { isLet, isRecipe, isTarget } from '../../grammar/index.js';
import { catalog, diagnostic } from '../ir/diagnostic-catalog.js';
import type { RecipeFile, Target } from '../ir/recipe.js';
import { lowerRecipes } from './recipes.js';
import type { Scope } from './scope.js';
import { lowerTarget } from './targets.js';
import { lowerCall } from './values.js';

export const LANGUAGE_VERSION = 1;

export function lowerFile(ast: FileNode, scope: Scope): RecipeFile {
  if (ast.version && ast.version.value !== LANGUAGE_VERSION) {
    scope.report(diagnostic(catalog.unsupportedVersion, { version: ast.version.value }, ast.version.span));
  }
  for (const item of ast.items.filter(isLet)) {
    const name = item.name.name;
    if (scope.lets.has(name)) {
      scope.report(diagnostic(catalog.duplicateLet, { name }, item.name.span));
      continue;
    }
    const config = lowerCall(item.config);
    scope.report(...scope.validateConfig(config));
    scope.lets.set(name, config);
  }
  const targets = ast.items
    .filter(isTarget)
    .map((t) => lowerTarget(t, scope))
    .filter((t): t is Target => t !== null);
  const recipeNodes = ast.items.filter(isRecipe);
  const recipes = lowerRecipes(recipeNodes, scope);
  // A file that failed to parse has said enough; an empty but valid file gets the warning.
  if (recipeNodes.length === 0 && !ast.items.some(isLet) && !scope.diagnostics.some((d) => d.code.startsWith('QF1'))) {
    scope.report(diagnostic(catalog.noRecipe, {}, ast.span));
  }
  return {
    version: ast.version?.value ?? LANGUAGE_VERSION,
    file: ast.file,
    targets,
    lets: Object.fromEntries(scope.lets),
    recipes,
  };
}
