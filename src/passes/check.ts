// check: whole-recipe validation of a bound plan, before any compute; every problem reported
// together. Requires a Plan from bind. Guarantees, in the returned plan's diagnostics:
//   - rules that match no tensor (a warning; the `unmatched_rules` expectation decides instead
//     when the recipe states one) and rules fully shadowed by earlier / more specific rules;
//   - every quantized tensor's format has a kernel on every target of the file (src/ir/targets.ts);
//   - the recipe's `expect` statements hold.
// Shape misfits (group size vs in_features, float8's multiples of 16...) and sibling projections
// with different configs are found by bind, which knows the deciding rules. Pure: the input plan is not modified.
import type { Diagnostic } from '../ir/diagnostic.js';
import { catalog, diagnostic } from '../ir/diagnostic-catalog.js';
import type { Expr, RecipeFile, Target } from '../ir/recipe.js';
import { describeRule, type Plan, type PlannedTensor } from '../ir/plan.js';
import { canRun, capabilityKey, targetName } from '../ir/targets.js';
import { describeConfig } from '../ir/configs/index.js';
import { DiagnosticGroups } from './bind/aggregate.js';
import { evaluate, identifiers, PredicateError, type Value } from './bind/predicate.js';
import { planTotals, type PlanTotals } from './check/totals.js';

export function check(plan: Plan, file: RecipeFile): Plan {
  const recipe = file.recipes.find((r) => r.name === plan.recipe);
  const diagnostics: Diagnostic[] = [...plan.diagnostics];
  const expectations = recipe?.expectations ?? [];
  const watchesUnmatched = expectations.some((e) => identifiers(e.expr).has('unmatched_rules'));
  for (const use of plan.rules) {
    if (use.matchedExample === null && !watchesUnmatched) {
      diagnostics.push(
        diagnostic(
          catalog.ruleMatchesNothing,
          { rule: describeRule(use.rule) },
          spanOf(file, use.rule.index, plan.recipe),
        ),
      );
    } else if (use.shadowedBy) {
      diagnostics.push(
        diagnostic(catalog.ruleShadowed, { rule: describeRule(use.rule) }, spanOf(file, use.rule.index, plan.recipe), {
          related: [
            { message: `e.g. ${use.shadowedBy.fqn} is decided by ${describeRule(use.shadowedBy.rule)}`, span: null },
          ],
        }),
      );
    }
  }
  diagnostics.push(...targetErrors(plan.tensors, file.targets));
  const totals = planTotals(plan);
  for (const e of expectations) {
    const failure = expectationFailure(e.expr, totals);
    if (failure)
      diagnostics.push(
        diagnostic(catalog.expectationFailed, { expr: exprText(e.expr), detail: failure }, e.span ?? null),
      );
  }
  return { ...plan, diagnostics };
}

function spanOf(file: RecipeFile, index: number, recipe: string) {
  return file.recipes.find((r) => r.name === recipe)?.rules[index]?.span ?? null;
}

function targetErrors(tensors: readonly PlannedTensor[], targets: readonly Target[]): Diagnostic[] {
  const groups = new DiagnosticGroups();
  for (const t of tensors) {
    if (t.decision.action !== 'quantize') continue;
    for (const target of targets) {
      if (canRun(t.decision.format, target)) continue;
      const { config, format } = t.decision;
      groups.add(`${targetName(target)}|${capabilityKey(format)}|${t.rule?.index}`, () =>
        diagnostic(
          catalog.targetCannotRun,
          { fqn: t.fqn, target: targetName(target), config: describeConfig(config), layout: capabilityKey(format) },
          target.span ?? null,
          {
            related: t.rule ? [{ message: `chosen by ${describeRule(t.rule)}`, span: null }] : [],
          },
        ),
      );
    }
  }
  return groups.drain();
}

function expectationFailure(expr: Expr, totals: PlanTotals): string | null {
  const env = (name: string): Value | undefined => (name in totals ? totals[name as keyof PlanTotals] : undefined);
  let result: Value;
  try {
    result = evaluate(expr, env);
  } catch (e) {
    if (e instanceof PredicateError) return e.message;
    throw e;
  }
  if (result === true) return null;
  const used = [...identifiers(expr)]
    .filter((n) => n in totals)
    .map((n) => `${n} = ${formatValue(totals[n as keyof PlanTotals])}`);
  return used.length > 0 ? used.join(', ') : `it evaluates to ${String(result)}`;
}

const formatValue = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(4));

export function exprText(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'string':
      return JSON.stringify(e.value);
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'ident':
      return e.name;
    case 'unary':
      return e.op === 'not' ? `not ${exprText(e.operand)}` : `-${exprText(e.operand)}`;
    case 'binary':
      return `${wrap(e.left)} ${e.op} ${wrap(e.right)}`;
  }
}
const wrap = (e: Expr) => (e.kind === 'binary' ? `(${exprText(e)})` : exprText(e));
