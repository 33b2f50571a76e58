// The slow reference for bind's rule choice: every rule tried against every tensor, level by
// level, in source order — torchao's own strategy (FqnToConfig tests every regex key against
// every module). Tests check bind's indexed search against it; `npm run bench -- bind` times both.
import type { Rule } from '../../ir/recipe.js';
import type { TensorDescription } from '../../model/description.js';
import { prepareRules, type PreparedRule } from './prepare.js';
import { evaluate, PredicateError, type Value } from './predicate.js';
import { tensorProperty } from './tensor-env.js';

/** For each tensor, the order (index) of the rule that decides it, or null. */
export function referenceWinners(rules: readonly Rule[], tensors: readonly TensorDescription[]): (number | null)[] {
  const prepared = prepareRules(rules, 'reference', []);
  const exact = prepared.filter((r) => r.level === 'exact');
  const patterns = prepared.filter((r) => r.level === 'pattern');
  const defaults = prepared.filter((r) => r.level === 'default');
  return tensors.map((t) => {
    const isWeight = t.leaf === 'weight';
    const rank2 = t.shape.length >= 2 && ['float32', 'bfloat16', 'float16', 'float64'].includes(t.dtype);
    const first = (rs: PreparedRule[], target: string | null) =>
      rs.find((r) => target !== null && holds(r, t, target))?.order;
    return (
      first(
        exact.filter((r) => r.fqn === t.fqn),
        t.fqn,
      ) ??
      first(
        exact.filter((r) => isWeight && r.fqn === t.module),
        t.module,
      ) ??
      first(patterns, rank2 ? t.fqn : null) ??
      first(patterns, rank2 && isWeight && t.module !== '' ? t.module : null) ??
      first(defaults, isWeight && t.isLinear && rank2 ? t.fqn : null) ??
      null
    );
  });
}

function holds(r: PreparedRule, t: TensorDescription, target: string): boolean {
  let groups: Record<string, string> = {};
  if (r.pattern) {
    const m = r.pattern.regex.exec(target);
    if (!m) return false;
    groups = m.groups ?? {};
  }
  if (!r.predicate) return true;
  const env = (name: string): Value | undefined =>
    name in groups
      ? /^-?(0|[1-9]\d*)$/.test(groups[name]!)
        ? Number(groups[name])
        : groups[name]
      : tensorProperty(t, name);
  try {
    return evaluate(r.predicate, env) === true;
  } catch (e) {
    if (e instanceof PredicateError) return false;
    throw e;
  }
}
