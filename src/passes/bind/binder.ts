// The rule search of bind for one recipe: for each tensor, the first rule at the highest
// precedence level that matches it (see src/passes/bind.ts), found through exact-name maps and
// the RuleIndex. It also records, for the unmatched/shadowed checks, one tensor each rule
// matches and the rule that decided that tensor instead — only for rules not yet seen matching,
// so this costs nothing once every rule has matched something.
import type { Diagnostic } from '../../ir/diagnostic.js';
import { catalog, diagnostic } from '../../ir/diagnostic-catalog.js';
import type { Recipe } from '../../ir/recipe.js';
import { describeRule, type Decision, type PlannedTensor, type PrecedenceLevel, type RuleUse } from '../../ir/plan.js';
import type { TensorDescription } from '../../model/description.js';
import { prepareRules, type PreparedRule } from './prepare.js';
import { RuleIndex } from './rule-index.js';
import { evaluate, PredicateError, type Value } from './predicate.js';
import { DiagnosticGroups } from './aggregate.js';
import { tensorProperty } from './tensor-env.js';
import { weightDecision } from './weight-decision.js';

const NONE: readonly number[] = [];
const FLOAT_DTYPES: ReadonlySet<string> = new Set(['float32', 'bfloat16', 'float16', 'float64']);
const NO_RULES: readonly PreparedRule[] = [];
const UNMATCHED: Decision = { action: 'skip', reason: 'unmatched' };

export class Binder {
  readonly groups = new DiagnosticGroups();
  private readonly rules: PreparedRule[];
  private readonly exact = new Map<string, PreparedRule[]>();
  private readonly byOrder: PreparedRule[] = [];
  private readonly index: RuleIndex;
  private readonly defaults: PreparedRule[];
  private readonly matchedExample = new Map<number, string>();
  private readonly won: number[];
  private readonly shadowedBy = new Map<number, { fqn: string; rule: PreparedRule }>();
  private unseen: number;
  private readonly allowSkip: boolean;
  /** The precedence level of the last winner found. */
  private level: PrecedenceLevel = 'default';

  constructor(
    recipe: Recipe,
    file: string,
    private readonly out: Diagnostic[],
  ) {
    this.rules = prepareRules(recipe.rules, file, out);
    for (const r of this.rules) {
      this.byOrder[r.order] = r;
      if (r.level === 'exact') this.exact.set(r.fqn!, [...(this.exact.get(r.fqn!) ?? []), r]);
    }
    this.index = new RuleIndex(this.rules.filter((r) => r.level === 'pattern'));
    this.defaults = this.rules.filter((r) => r.level === 'default');
    this.unseen = this.rules.length;
    this.won = new Array<number>(recipe.rules.length).fill(0);
    this.allowSkip = recipe.allow.includes('skip_incompatible');
  }

  decide(t: TensorDescription): PlannedTensor {
    const isWeight = t.leaf === 'weight';
    // Patterns and default consider floating-point tensors of rank ≥ 2 only: integer buffers
    // stored beside the weights (BERT's `position_ids`) are not parameters torchao would see.
    const rank2 = t.shape.length >= 2 && FLOAT_DTYPES.has(t.dtype);
    const exactParam = this.exact.get(t.fqn);
    const exactModule = isWeight ? this.exact.get(t.module) : undefined;
    if (rank2) this.index.locate(t.fqn);
    const paramCands = rank2 ? this.index.candidates(0, 0) : NONE;
    const moduleCands = rank2 && isWeight && t.module !== '' ? this.index.candidates(1, 1) : NONE;
    const defaults = isWeight && t.isLinear && rank2 ? this.defaults : NO_RULES;
    // `level` is set by whichever search finds the winner (no Match object per tensor).
    const winner =
      this.first(exactParam, t, t.fqn, 'exact_param') ??
      this.first(exactModule, t, t.module, 'exact_module') ??
      this.firstOrder(paramCands, t, t.fqn, 'pattern_param') ??
      this.firstOrder(moduleCands, t, t.module, 'pattern_module') ??
      this.first(defaults, t, t.fqn, 'default');
    if (this.unseen > 0) {
      this.record(exactParam, t, t.fqn, winner);
      this.record(exactModule, t, t.module, winner);
      for (let i = 0; i < paramCands.length; i++) this.recordOne(this.byOrder[paramCands[i]!]!, t, t.fqn, winner);
      for (let i = 0; i < moduleCands.length; i++) this.recordOne(this.byOrder[moduleCands[i]!]!, t, t.module, winner);
      this.record(defaults, t, t.fqn, winner);
    }
    if (!winner) return planned(t, UNMATCHED, null, null);
    this.won[winner.order]!++;
    return planned(t, weightDecision(t, winner, this.level, this.groups, this.allowSkip), winner.ref, this.level);
  }

  uses(): RuleUse[] {
    return this.rules.map((r) => {
      const s = this.shadowedBy.get(r.order);
      const won = this.won[r.order]!;
      return {
        rule: r.ref,
        matchedExample: this.matchedExample.get(r.order) ?? null,
        won,
        shadowedBy: s && won === 0 ? { fqn: s.fqn, rule: s.rule.ref } : null,
      };
    });
  }

  private first(
    rules: readonly PreparedRule[] | undefined,
    t: TensorDescription,
    target: string,
    level: PrecedenceLevel,
  ): PreparedRule | null {
    if (rules) {
      // Indexed loops here and below: a for-of that is not optimized allocates per step.
      for (let i = 0; i < rules.length; i++) {
        const r = rules[i]!;
        if (this.matches(r, t, target)) {
          this.level = level;
          return r;
        }
      }
    }
    return null;
  }

  private firstOrder(
    orders: readonly number[],
    t: TensorDescription,
    target: string,
    level: PrecedenceLevel,
  ): PreparedRule | null {
    for (let i = 0; i < orders.length; i++) {
      const r = this.byOrder[orders[i]!]!;
      if (this.matches(r, t, target)) {
        this.level = level;
        return r;
      }
    }
    return null;
  }

  private record(
    rules: readonly PreparedRule[] | undefined,
    t: TensorDescription,
    target: string,
    winner: PreparedRule | null,
  ): void {
    if (rules) for (let i = 0; i < rules.length; i++) this.recordOne(rules[i]!, t, target, winner);
  }

  private recordOne(r: PreparedRule, t: TensorDescription, target: string, winner: PreparedRule | null): void {
    if (this.matchedExample.has(r.order) || !this.matches(r, t, target)) return;
    this.matchedExample.set(r.order, t.fqn);
    this.unseen--;
    if (winner && winner !== r) this.shadowedBy.set(r.order, { fqn: t.fqn, rule: winner });
  }

  /** Whether the rule's pattern fully matches `target` and its predicate holds for `t`. */
  private matches(r: PreparedRule, t: TensorDescription, target: string): boolean {
    const p = r.pattern;
    if (p !== null && !startsWith(target, p.prefix)) return false;
    if (!r.predicate) return p === null || p.regex.test(target);
    let groups: Record<string, string> | undefined;
    if (r.pattern) {
      const m = r.pattern.regex.exec(target);
      if (!m) return false;
      groups = m.groups;
    }
    const g = groups ?? {};
    try {
      return (
        evaluate(r.predicate, (name: string): Value | undefined =>
          name in g ? captureValue(g[name]!) : tensorProperty(t, name),
        ) === true
      );
    } catch (e) {
      if (!(e instanceof PredicateError)) throw e;
      if (/is not defined here/.test(e.message)) return false; // e.g. `layer` of a tensor without one
      if (!r.predicateFailed) {
        r.predicateFailed = true;
        this.out.push(
          diagnostic(catalog.predicateError, { fqn: t.fqn, reason: `${e.message} in ${describeRule(r.ref)}` }, r.span),
        );
      }
      return false;
    }
  }
}

function planned(
  t: TensorDescription,
  decision: Decision,
  rule: PlannedTensor['rule'],
  level: PrecedenceLevel | null,
): PlannedTensor {
  return {
    fqn: t.fqn,
    module: t.module,
    leaf: t.leaf,
    shape: t.shape,
    dtype: t.dtype,
    kind: t.kind,
    decision,
    rule,
    level,
    fusionGroup: null,
  };
}

/** Integer capture text is a number in `where` (dsl.md §Patterns); other text stays a string. */
export function captureValue(text: string): Value {
  return /^-?(0|[1-9]\d*)$/.test(text) ? Number(text) : text;
}

/** `s.startsWith(prefix)` by character codes: the builtin is slow on the cons and sliced strings FQNs often are. */
function startsWith(s: string, prefix: string): boolean {
  const n = prefix.length;
  if (s.length < n) return false;
  for (let i = n - 1; i >= 0; i--) if (s.charCodeAt(i) !== prefix.charCodeAt(i)) return false;
  return true;
}
