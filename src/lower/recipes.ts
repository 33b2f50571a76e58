// Lowering of `recipe` declarations, `extends` included (dsl.md "Reuse"): `recipe x extends
// y` is x's own items followed by y's (already merged) rules, expectations and allowances.
// Since precedence levels are decided by matcher kind and, within a level, by order,
// "x's rules first at each precedence level, then y's" is exactly this concatenation.
// A base may be declared later in the file; cycles are reported once.
import type { RecipeNode } from '../../grammar/index.js';
import { isAllow, isExpect, isRule } from '../../grammar/index.js';
import { catalog, diagnostic } from '../ir/diagnostic-catalog.js';
import type { Expectation, Recipe, Rule } from '../ir/recipe.js';
import { ALLOWANCES, EXPECT_NAMES } from './patterns/names.js';
import { lowerRule } from './rules.js';
import type { Scope } from './scope.js';
import { suggest } from './suggest.js';
import { identifiers, lowerExpr } from './values.js';

export function lowerRecipes(nodes: RecipeNode[], scope: Scope): Recipe[] {
  const byName = new Map<string, RecipeNode>();
  for (const n of nodes) {
    if (byName.has(n.name.name)) scope.report(diagnostic(catalog.duplicateRecipe, { name: n.name.name }, n.name.span));
    else byName.set(n.name.name, n);
  }
  const inProgress: string[] = [];
  const visit = (n: RecipeNode): Recipe | null => {
    const done = scope.recipes.get(n.name.name);
    if (done) return done;
    if (inProgress.includes(n.name.name)) return null;
    inProgress.push(n.name.name);
    const recipe = lowerOne(n, scope, (path) => {
      const local = path.includes('.') ? undefined : byName.get(path);
      if (local && inProgress.includes(path)) return 'cycle';
      return local ? visit(local) : scope.lookupRecipe(path);
    });
    inProgress.pop();
    scope.recipes.set(n.name.name, recipe);
    return recipe;
  };
  return [...byName.values()].map((n) => visit(n)).filter((r): r is Recipe => r !== null);
}

function lowerOne(n: RecipeNode, scope: Scope, findBase: (path: string) => Recipe | 'cycle' | null): Recipe {
  const rules: Rule[] = [];
  const expectations: Expectation[] = [];
  const allow: string[] = [];
  let defaults = 0;
  for (const item of n.items) {
    if (isRule(item)) {
      if (item.matcher.kind === 'default' && ++defaults === 2)
        scope.report(diagnostic(catalog.duplicateDefault, {}, item.matcher.span));
      const rule = lowerRule(item, scope);
      if (rule) rules.push(rule);
    } else if (isExpect(item)) {
      const unknown = identifiers(item.expr).filter((id) => !(EXPECT_NAMES as readonly string[]).includes(id.name));
      for (const id of unknown)
        scope.report(diagnostic(catalog.unknownExpectName, { name: id.name }, id.span, suggest(id.name, EXPECT_NAMES)));
      if (unknown.length === 0) expectations.push({ expr: lowerExpr(item.expr), span: item.span });
    } else if (isAllow(item)) {
      const name = item.name.name;
      if (!(ALLOWANCES as readonly string[]).includes(name))
        scope.report(diagnostic(catalog.unknownAllow, { name }, item.name.span, suggest(name, ALLOWANCES)));
      else if (!allow.includes(name)) allow.push(name);
    }
  }
  if (n.base) {
    const base = findBase(n.base.path);
    if (base === 'cycle')
      scope.report(diagnostic(catalog.extendsCycle, { name: n.name.name, cycle: n.base.path }, n.base.span));
    else if (!base)
      scope.report(
        diagnostic(
          catalog.unknownRecipe,
          { name: n.base.path },
          n.base.span,
          suggest(n.base.path, scope.recipes.keys()),
        ),
      );
    else {
      rules.push(...base.rules);
      expectations.push(...base.expectations);
      for (const a of base.allow) if (!allow.includes(a)) allow.push(a);
    }
  }
  return { name: n.name.name, rules, expectations, allow, span: n.span };
}
