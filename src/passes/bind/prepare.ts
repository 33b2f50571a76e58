// Rule preparation for bind: each rule's matcher compiled once, its config resolved once, its
// predicate's names checked against its captures and the tensor properties. Problems become
// diagnostics at the rule; a rule whose pattern does not compile matches nothing.
import type { Diagnostic, Span } from '../../ir/diagnostic.js';
import { catalog, diagnostic } from '../../ir/diagnostic-catalog.js';
import type { Expr, Rule } from '../../ir/recipe.js';
import { resolveConfig, type ResolvedConfig, type WeightCheck } from '../../ir/configs/index.js';
import { ruleRef, describeRule, type Decision, type RuleRef } from '../../ir/plan.js';
import { compileGlob, compileRegex, type CompiledPattern, type SegmentAnchor } from './patterns.js';
import { equalities, identifiers } from './predicate.js';

/** Names a `where` may read besides its pattern's captures (dsl.md §Predicates). */
export const TENSOR_PROPERTIES: ReadonlySet<string> = new Set([
  'out_features',
  'in_features',
  'numel',
  'ndim',
  'dtype',
  'kind',
  'layer',
]);

export type MatchLevel = 'exact' | 'pattern' | 'default';

export interface PreparedRule {
  order: number;
  ref: RuleRef;
  span: Span | null;
  level: MatchLevel;
  /** For exact rules: the FQN. */
  fqn: string | null;
  pattern: CompiledPattern | null;
  predicate: Expr | null;
  /** Index anchors (pattern literals plus `where capture == value` equalities). */
  anchors: SegmentAnchor[];
  /** null for skip; `invalid` when the config was refused (its diagnostics are reported). */
  action: { kind: 'skip' } | { kind: 'config'; config: ResolvedConfig } | { kind: 'invalid' };
  /** Set once a predicate fails to evaluate, so that it is reported once. */
  predicateFailed: boolean;
  /** Bind's caches: the shared quantize decision, and checkWeight results by shape/dtype/kind. */
  decision?: Decision;
  /** dtype → kind → shape key (a number for 2-D, `a,b,c` otherwise; rank is in the key). */
  checks?: Map<string, Map<string, Map<number | string, WeightCheck>>>;
}

export function prepareRules(rules: readonly Rule[], file: string, out: Diagnostic[]): PreparedRule[] {
  const configCache = new Map<string, ReturnType<typeof resolveConfig>>();
  const prepared: PreparedRule[] = [];
  rules.forEach((rule, order) => {
    const ref = ruleRef(rule, order, file);
    const span = rule.span ?? null;
    let level: MatchLevel = 'pattern';
    let fqn: string | null = null;
    let pattern: CompiledPattern | null = null;
    const m = rule.matcher;
    try {
      if (m.kind === 'default') level = 'default';
      else if (m.kind === 'exact' && !m.fqn.startsWith('re:')) [level, fqn] = ['exact', m.fqn];
      else if (m.kind === 'exact') pattern = compileRegex(m.fqn.slice(3));
      else if (m.kind === 'regex') pattern = compileRegex(m.pattern);
      else pattern = compileGlob(m.pattern);
    } catch (e) {
      const entry = m.kind === 'glob' ? catalog.invalidGlob : catalog.invalidRegex;
      out.push(diagnostic(entry, { reason: `${(e as Error).message} in ${describeRule(ref)}` }, span));
      return;
    }
    const captures = pattern ? captureNames(pattern) : new Set<string>();
    for (const name of identifiers(rule.predicate)) {
      if (!captures.has(name) && !TENSOR_PROPERTIES.has(name)) {
        out.push(
          diagnostic(catalog.predicateTypeError, { rule: describeRule(ref), name }, span, {
            hint: `tensor properties: ${[...TENSOR_PROPERTIES].join(', ')}`,
          }),
        );
      }
    }
    const anchors = [...(pattern?.anchors ?? [])];
    for (const eq of equalities(rule.predicate)) {
      const pos = pattern?.capturePositions.get(eq.name);
      if (pos !== undefined) anchors.push({ pos, segment: eq.value });
    }
    prepared.push({
      order,
      ref,
      span,
      level,
      fqn,
      pattern,
      predicate: rule.predicate,
      anchors,
      action: action(rule, configCache, out),
      predicateFailed: false,
    });
  });
  return prepared;
}

function action(
  rule: Rule,
  cache: Map<string, ReturnType<typeof resolveConfig>>,
  out: Diagnostic[],
): PreparedRule['action'] {
  if (rule.action.kind === 'skip') return { kind: 'skip' };
  const call = rule.action.config;
  // Equal calls written at different places resolve alike; errors are reported at each place.
  const key = JSON.stringify(call, (k, v: unknown) => (k === 'span' ? undefined : v));
  let r = cache.get(key);
  if (!r || !r.ok) {
    r = resolveConfig(call);
    cache.set(key, r);
  }
  if (!r.ok) {
    out.push(...r.diagnostics);
    return { kind: 'invalid' };
  }
  return { kind: 'config', config: r.config };
}

function captureNames(p: CompiledPattern): Set<string> {
  const names = new Set<string>();
  for (const m of p.regex.source.matchAll(/\(\?<([A-Za-z_]\w*)>/g)) names.add(m[1]!);
  return names;
}
