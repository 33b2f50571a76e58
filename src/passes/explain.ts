// Why one tensor got its decision: every rule of the recipe tried in precedence order, each
// with whether it applies at that level, whether its pattern matched, what its `where` said,
// and which rule won. For `quantforge plan --explain FQN`; pure, recomputes without the index.
import type { RecipeFile } from '../ir/recipe.js';
import type { Diagnostic } from '../ir/diagnostic.js';
import { describeRule, type PrecedenceLevel } from '../ir/plan.js';
import type { ModelDescription, TensorDescription } from '../model/description.js';
import { prepareRules, type PreparedRule } from './bind/prepare.js';
import { evaluate, PredicateError, type Value } from './bind/predicate.js';
import { tensorProperty } from './bind/tensor-env.js';

export interface Attempt {
  rule: string;
  level: PrecedenceLevel | null;
  outcome: 'won' | 'lost' | 'no match' | 'where false' | 'not applicable';
  detail: string;
}

const LEVEL_TEXT: Record<PrecedenceLevel, string> = {
  exact_param: '1 exact parameter FQN',
  exact_module: '2 exact module FQN',
  pattern_param: '3 pattern on the parameter FQN',
  pattern_module: '4 pattern on the module FQN',
  default: '5 default',
};

export function explain(
  file: RecipeFile,
  model: ModelDescription,
  fqn: string,
  recipeName?: string,
): { tensor: TensorDescription | null; attempts: Attempt[] } {
  const tensor = model.tensors.find((t) => t.fqn === fqn) ?? null;
  const recipe = recipeName ? file.recipes.find((r) => r.name === recipeName) : file.recipes[file.recipes.length - 1];
  if (!tensor || !recipe) return { tensor, attempts: [] };
  const rules = prepareRules(recipe.rules, file.file, [] as Diagnostic[]);
  const tries = rules.map((r) => ({ r, ...tryRule(r, tensor) }));
  const rank = (l: PrecedenceLevel | null) => (l ? Object.keys(LEVEL_TEXT).indexOf(l) : 99);
  const winner = tries
    .filter((x) => x.matched)
    .sort((a, b) => rank(a.level) - rank(b.level) || a.r.order - b.r.order)[0];
  const attempts = tries.map((x): Attempt => {
    const rule = describeRule(x.r.ref);
    if (!x.matched) return { rule, level: x.level, outcome: x.outcome, detail: x.detail };
    if (x === winner)
      return {
        rule,
        level: x.level,
        outcome: 'won',
        detail: `matched at precedence ${LEVEL_TEXT[x.level!]}${x.detail ? `; ${x.detail}` : ''}`,
      };
    const why =
      rank(winner!.level) < rank(x.level)
        ? `${describeRule(winner!.r.ref)} matched at a higher precedence (${LEVEL_TEXT[winner!.level!]})`
        : `${describeRule(winner!.r.ref)} comes first in the recipe`;
    return {
      rule,
      level: x.level,
      outcome: 'lost',
      detail: `matched at precedence ${LEVEL_TEXT[x.level!]}, but ${why}`,
    };
  });
  return { tensor, attempts };
}

interface Try {
  matched: boolean;
  level: PrecedenceLevel | null;
  outcome: Attempt['outcome'];
  detail: string;
}

function tryRule(r: PreparedRule, t: TensorDescription): Try {
  const isWeight = t.leaf === 'weight';
  if (r.level === 'default') {
    if (
      !isWeight ||
      !t.isLinear ||
      t.shape.length < 2 ||
      !['float32', 'bfloat16', 'float16', 'float64'].includes(t.dtype)
    )
      return {
        matched: false,
        level: 'default',
        outcome: 'not applicable',
        detail: `default applies to the weight of linear modules; this is a ${t.kind} ${t.leaf}`,
      };
    return withPredicate(r, t, {}, 'default');
  }
  if (r.level === 'exact') {
    if (r.fqn === t.fqn) return withPredicate(r, t, {}, 'exact_param');
    if (r.fqn === t.module && isWeight) return withPredicate(r, t, {}, 'exact_module');
    return {
      matched: false,
      level: null,
      outcome: 'no match',
      detail: `neither the parameter FQN nor its module FQN (${t.module}) equals it`,
    };
  }
  if (t.shape.length < 2 || !['float32', 'bfloat16', 'float16', 'float64'].includes(t.dtype))
    return {
      matched: false,
      level: null,
      outcome: 'not applicable',
      detail: 'patterns are tried only against floating-point tensors of rank 2 or more',
    };
  const p = r.pattern!.regex.exec(t.fqn);
  if (p) return withPredicate(r, t, p.groups ?? {}, 'pattern_param');
  const m = isWeight && t.module !== '' ? r.pattern!.regex.exec(t.module) : null;
  if (m) return withPredicate(r, t, m.groups ?? {}, 'pattern_module');
  return {
    matched: false,
    level: null,
    outcome: 'no match',
    detail: `does not fully match ${t.fqn}${isWeight ? ` or ${t.module}` : ''}`,
  };
}

function withPredicate(
  r: PreparedRule,
  t: TensorDescription,
  groups: Record<string, string>,
  level: PrecedenceLevel,
): Try {
  const caps = Object.entries(groups)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  if (!r.predicate) return { matched: true, level, outcome: 'won', detail: caps };
  const env = (name: string): Value | undefined =>
    name in groups
      ? /^-?(0|[1-9]\d*)$/.test(groups[name]!)
        ? Number(groups[name])
        : groups[name]
      : tensorProperty(t, name);
  try {
    if (evaluate(r.predicate, env) === true)
      return { matched: true, level, outcome: 'won', detail: `where holds${caps ? ` (${caps})` : ''}` };
    return {
      matched: false,
      level,
      outcome: 'where false',
      detail: `matched, but where is false${caps ? ` (${caps})` : ''}`,
    };
  } catch (e) {
    if (!(e instanceof PredicateError)) throw e;
    return {
      matched: false,
      level,
      outcome: 'where false',
      detail: `matched, but where cannot be evaluated: ${e.message}`,
    };
  }
}
