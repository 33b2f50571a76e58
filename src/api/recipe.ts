// The `recipe()` builder: a recipe written in TypeScript, producing the Recipe IR the DSL
// produces for the same text.
//
//   const f = quantFile();
//   f.target('cuda', { arch: 'sm_90a' });
//   const w4 = f.let('w4', Int4WeightOnlyConfig({ groupSize: 128 }));
//   f.recipe('llama3_mixed')
//     .exact('lm_head', skip)
//     .glob('model.layers.{i}.mlp.*', Int8WeightOnlyConfig(), { where: 'i < 2 or i >= 30' })
//     .default(w4)
//     .expect('quantized_fraction >= 0.95');
//   const ir = f.build();          // validated; throws DiagnosticError listing every problem
//
// `where` and `expect` take the DSL's expression text (or an IR Expr).
import { parseExpression } from '../../grammar/index.js';
import { DiagnosticError, type Diagnostic } from '../ir/diagnostic.js';
import { catalog, diagnostic } from '../ir/diagnostic-catalog.js';
import type { Action, ConfigCall, Expr, Matcher, Recipe, RecipeFile, Rule, Target } from '../ir/recipe.js';
import { hasErrors } from '../lower/load.js';
import { syntaxDiagnostics } from '../lower/syntax-diagnostics.js';
import { defaultConfigValidator } from '../lower/validate-config.js';
import { validateRecipeFile } from '../lower/validate-ir.js';
import { lowerExpr } from '../lower/values.js';

/** A config named by `let`: rules using it print as its name. */
export interface NamedConfig {
  kind: 'let';
  name: string;
  config: ConfigCall;
}

/** `skip` (or `null`, as FqnToConfig's None): leave the tensor unquantized. */
export const skip = { kind: 'skip' } as const;
export type ApiAction = ConfigCall | NamedConfig | typeof skip | null;

export interface RuleOptions {
  where?: string | Expr;
}

function toAction(a: ApiAction): Action {
  if (a === null || a.kind === 'skip') return { kind: 'skip' };
  if (a.kind === 'let') return { kind: 'config', config: a.config, letName: a.name };
  return { kind: 'config', config: a };
}

export class RecipeBuilder {
  private readonly rules: Rule[] = [];
  private readonly expectations: Recipe['expectations'] = [];
  private readonly allowances: string[] = [];

  constructor(
    readonly name: string,
    private readonly problems: Diagnostic[] = [],
  ) {}

  private expr(e: string | Expr): Expr | null {
    if (typeof e !== 'string') return e;
    const r = parseExpression(e);
    this.problems.push(...syntaxDiagnostics(r.problems));
    return r.expr ? lowerExpr(r.expr) : null;
  }

  /** Adds a rule with any matcher (the methods below are shorthands). */
  rule(matcher: Matcher, action: ApiAction, options: RuleOptions = {}): this {
    const predicate = options.where === undefined ? null : this.expr(options.where);
    if (options.where === undefined || predicate) this.rules.push({ matcher, predicate, action: toAction(action) });
    return this;
  }

  /** An exact parameter or module FQN (`"lm_head"`). */
  exact(fqn: string, action: ApiAction, options?: RuleOptions): this {
    return this.rule({ kind: 'exact', fqn }, action, options);
  }
  /** A Python-style regex that must match the whole FQN (`re "..."`). */
  regex(pattern: string, action: ApiAction, options?: RuleOptions): this {
    return this.rule({ kind: 'regex', pattern }, action, options);
  }
  glob(pattern: string, action: ApiAction, options?: RuleOptions): this {
    return this.rule({ kind: 'glob', pattern }, action, options);
  }
  default(action: ApiAction, options?: RuleOptions): this {
    return this.rule({ kind: 'default' }, action, options);
  }
  expect(expr: string | Expr): this {
    const e = this.expr(expr);
    if (e) this.expectations.push({ expr: e });
    return this;
  }
  allow(name: string): this {
    if (!this.allowances.includes(name)) this.allowances.push(name);
    return this;
  }

  toRecipe(): Recipe {
    return {
      name: this.name,
      rules: [...this.rules],
      expectations: [...this.expectations],
      allow: [...this.allowances],
    };
  }

  /** A file holding just this recipe, validated. */
  build(file = `${this.name}.quant`): RecipeFile {
    return finish({ version: 1, file, targets: [], lets: {}, recipes: [this.toRecipe()] }, this.problems);
  }
}

export class QuantFileBuilder {
  private readonly targets: Target[] = [];
  private readonly lets: Record<string, ConfigCall> = {};
  private readonly recipes: RecipeBuilder[] = [];
  private readonly problems: Diagnostic[] = [];

  constructor(readonly file = 'api.quant') {}

  target(kind: 'cpu' | 'cuda', options: Target['options'] = {}): this {
    this.targets.push({ kind, options: { ...options } });
    return this;
  }

  let(name: string, config: ConfigCall): NamedConfig {
    if (name in this.lets) this.problems.push(diagnostic(catalog.duplicateLet, { name }, null));
    this.lets[name] = config;
    return { kind: 'let', name, config };
  }

  recipe(name: string): RecipeBuilder {
    if (this.recipes.some((r) => r.name === name))
      this.problems.push(diagnostic(catalog.duplicateRecipe, { name }, null));
    const r = new RecipeBuilder(name, this.problems);
    this.recipes.push(r);
    return r;
  }

  build(): RecipeFile {
    return finish(
      {
        version: 1,
        file: this.file,
        targets: [...this.targets],
        lets: { ...this.lets },
        recipes: this.recipes.map((r) => r.toRecipe()),
      },
      this.problems,
    );
  }
}

function finish(file: RecipeFile, problems: Diagnostic[]): RecipeFile {
  const all = [...problems, ...validateRecipeFile(file, defaultConfigValidator)];
  if (hasErrors(all)) throw new DiagnosticError(all);
  return file;
}

export const quantFile = (file?: string): QuantFileBuilder => new QuantFileBuilder(file);
export const recipe = (name: string): RecipeBuilder => new RecipeBuilder(name);
