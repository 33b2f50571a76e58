// quantforge's programmatic API: build the Recipe IR a `.quant` file describes, from
// TypeScript, and bind it to a model. Everything here produces the same IR as the DSL.
export * from './configs.js';
export * from './granularity.js';
export * from './names.js';
export { call, float, name, tuple, toConfigValue, type ApiValue } from './values.js';
export {
  quantFile,
  recipe,
  skip,
  QuantFileBuilder,
  RecipeBuilder,
  type ApiAction,
  type NamedConfig,
  type RuleOptions,
} from './recipe.js';
export { FqnToConfig, defaultOnly } from './fqn-to-config.js';
export { quantize, type ModuleInfo, type QuantizeOptions } from './quantize.js';
export { printRecipeFile } from '../lower/print.js';
export { lowerSource, loadRecipe } from '../lower/load.js';
export { stripSpans } from '../ir/recipe.js';
export type { RecipeFile, Recipe, Rule, ConfigCall, ConfigValue, Matcher, Expr, Target } from '../ir/recipe.js';
