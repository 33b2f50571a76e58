// bind: Recipe IR × model description → Plan IR (a decision for every tensor of the model).
//
// Requires: a lowered RecipeFile (lets inlined, `extends` flattened into the rule list) and a
// ModelDescription (src/model/description.ts). Guarantees: every tensor of the model appears
// once in `plan.tensors`, in model order, with the decision of dsl.md's precedence —
//   1. exact string = parameter FQN   2. exact string = module FQN (its `weight`)
//   3. first pattern fully matching the parameter FQN (rank ≥ 2 tensors only)
//   4. first pattern fully matching the module FQN (its `weight`, rank ≥ 2)
//   5. `default`, for the weight of modules torchao's `_is_linear` accepts —
// where a rule whose `where` is false does not match. Decisions are checked against torchao's
// shape/dtype rules (checkWeight): a misfit is an error, or a skip under `allow skip_incompatible`.
// Pure: no I/O; diagnostics are returned in the plan. Whole-recipe checks are src/passes/check.ts.
//
// Cost: exact rules are map lookups; patterns are filed in a RuleIndex by a literal segment they
// require, so a tensor is tested only against rules that can match it.
import type { Diagnostic } from '../ir/diagnostic.js';
import { catalog, diagnostic } from '../ir/diagnostic-catalog.js';
import type { Recipe, RecipeFile } from '../ir/recipe.js';
import { checkWeight, supportsParameterLevel, describeConfig } from '../ir/configs/index.js';
import { describeRule, type Decision, type Plan, type PlannedTensor, type PrecedenceLevel, type RuleUse } from '../ir/plan.js';
import type { ModelDescription, TensorDescription } from '../model/description.js';
import { prepareRules, type PreparedRule } from './bind/prepare.js';
import { RuleIndex } from './bind/rule-index.js';
import { evaluate, PredicateError, type Value } from './bind/predicate.js';
import { DiagnosticGroups } from './bind/aggregate.js';
import { tensorProperty } from './bind/tensor-env.js';

export interface BindOptions {
  /** The recipe to bind; default: the file's only recipe, or its last one. */
  recipe?: string;
}

export function bind(file: RecipeFile, model: ModelDescription, options: BindOptions = {}): Plan {
  const diagnostics: Diagnostic[] = [];
  const recipe = pickRecipe(file, options.recipe, diagnostics);
  const plan: Plan = { recipe: recipe?.name ?? '', file: file.file, model: model.source, tensors: [], rules: [], diagnostics };
  if (!recipe) return plan;
  const binder = new Binder(recipe, file.file, diagnostics);
  plan.tensors = model.tensors.map((t) => binder.decide(t));
  plan.rules = binder.uses();
  diagnostics.push(...binder.groups.drain());
  return plan;
}

function pickRecipe(file: RecipeFile, name: string | undefined, out: Diagnostic[]): Recipe | null {
  if (file.recipes.length === 0) {
    out.push(diagnostic(catalog.noRecipeToBind, { file: file.file }, null));
    return null;
  }
  if (name === undefined) return file.recipes[file.recipes.length - 1]!;
  const r = file.recipes.find((x) => x.name === name);
  if (!r) out.push(diagnostic(catalog.unknownRecipeName, { name, file: file.file, names: file.recipes.map((x) => x.name).join(', ') }, null));
  return r ?? null;
}

interface Match {
  rule: PreparedRule;
  level: PrecedenceLevel;
}

class Binder {
  readonly groups = new DiagnosticGroups();
  private readonly rules: PreparedRule[];
  private readonly exact = new Map<string, PreparedRule[]>();
  private readonly byOrder = new Map<number, PreparedRule>();
  private readonly index: RuleIndex;
  private readonly defaults: PreparedRule[];
  private readonly matchedExample = new Map<number, string>();
  private readonly won = new Map<number, number>();
  private readonly shadowedBy = new Map<number, { fqn: string; rule: PreparedRule }>();
  private unseen: number;
  private readonly allowSkip: boolean;

  constructor(recipe: Recipe, private readonly file: string, private readonly out: Diagnostic[]) {
    this.rules = prepareRules(recipe.rules, file, out);
    for (const r of this.rules) {
      this.byOrder.set(r.order, r);
      if (r.level === 'exact') this.exact.set(r.fqn!, [...(this.exact.get(r.fqn!) ?? []), r]);
    }
    this.index = new RuleIndex(this.rules.filter((r) => r.level === 'pattern'));
    this.defaults = this.rules.filter((r) => r.level === 'default');
    this.unseen = this.rules.length;
    this.allowSkip = recipe.allow.includes('skip_incompatible');
  }

  decide(t: TensorDescription): PlannedTensor {
    const segs = t.fqn.split('.');
    const winner = this.find(t, segs, true);
    if (this.unseen > 0) this.find(t, segs, false, winner);
    const base = { fqn: t.fqn, module: t.module, leaf: t.leaf, shape: t.shape, dtype: t.dtype, kind: t.kind, fusionGroup: null };
    if (!winner) return { ...base, decision: { action: 'skip', reason: 'unmatched' }, rule: null, level: null };
    this.won.set(winner.rule.order, (this.won.get(winner.rule.order) ?? 0) + 1);
    return { ...base, decision: this.decision(t, winner), rule: winner.rule.ref, level: winner.level };
  }

  /**
   * With `first`: the winning match. Without: records every not-yet-seen rule that matches `t`
   * (for unmatched/shadowed checks), noting the winner that shadowed it.
   */
  private find(t: TensorDescription, segs: string[], first: boolean, winner?: Match | null): Match | null {
    const consider = (r: PreparedRule, level: PrecedenceLevel, target: string): Match | null => {
      if (!first && this.matchedExample.has(r.order)) return null;
      const captures = this.match(r, t, target);
      if (!captures) return null;
      if (!first) {
        this.matchedExample.set(r.order, t.fqn);
        this.unseen--;
        if (winner && winner.rule !== r) this.shadowedBy.set(r.order, { fqn: t.fqn, rule: winner.rule });
        return null;
      }
      return { rule: r, level };
    };
    const isWeight = t.leaf === 'weight';
    const rank2 = t.shape.length >= 2;
    const levels: [PrecedenceLevel, () => Iterable<PreparedRule>, string][] = [
      ['exact_param', () => this.exact.get(t.fqn) ?? [], t.fqn],
      ['exact_module', () => (isWeight ? this.exact.get(t.module) ?? [] : []), t.module],
      ['pattern_param', () => (rank2 ? this.orders(this.index.candidates(segs)) : []), t.fqn],
      ['pattern_module', () => (rank2 && isWeight && t.module !== '' ? this.orders(this.index.candidates(segs.slice(0, -1))) : []), t.module],
      ['default', () => (isWeight && t.isLinear ? this.defaults : []), t.fqn],
    ];
    for (const [level, rules, target] of levels) {
      for (const r of rules()) {
        const m = consider(r, level, target);
        if (m) return m;
      }
    }
    return null;
  }

  private *orders(list: readonly number[]): Iterable<PreparedRule> {
    for (const o of list) yield this.byOrder.get(o)!;
  }

  /** The rule's captures when it matches `target` and its predicate holds, else null. */
  private match(r: PreparedRule, t: TensorDescription, target: string): Record<string, string> | null {
    let groups: Record<string, string> = {};
    if (r.pattern) {
      const m = r.pattern.regex.exec(target);
      if (!m) return null;
      groups = m.groups ?? {};
    }
    if (!r.predicate) return groups;
    try {
      const env = (name: string): Value | undefined => (name in groups ? captureValue(groups[name]!) : tensorProperty(t, name));
      return evaluate(r.predicate, env) === true ? groups : null;
    } catch (e) {
      if (!(e instanceof PredicateError)) throw e;
      if (/is not defined here/.test(e.message)) return null; // e.g. `layer` of a tensor without one
      if (!r.predicateFailed) {
        r.predicateFailed = true;
        this.out.push(diagnostic(catalog.predicateError, { fqn: t.fqn, reason: `${e.message} in ${describeRule(r.ref)}` }, r.span));
      }
      return null;
    }
  }

  private decision(t: TensorDescription, m: Match): Decision {
    const a = m.rule.action;
    if (a.kind === 'skip') return { action: 'skip', reason: 'rule' };
    if (a.kind === 'invalid') return { action: 'skip', reason: 'invalid_config' };
    const config = a.config;
    const quantize: Decision = { action: 'quantize', config, format: config.format };
    const name = describeConfig(config);
    const rule = m.rule;
    const span = rule.span;
    if ((m.level === 'exact_param' || m.level === 'pattern_param') && !supportsParameterLevel(config)) {
      const message = `<class '${config.name}'> does not yet support parameter quantization! Please see https://github.com/pytorch/ao/issues/3252 for more details`;
      this.groups.add(`QF4009:${rule.order}`, () => diagnostic(catalog.parameterLevelUnsupported, { fqn: t.fqn, config: config.name, message }, span, { hint: `name the module (${t.module}) instead of the parameter`, related: [{ message: `rule ${describeRule(rule.ref)}`, span: null }] }));
      return quantize;
    }
    if (t.shape.length < 2) {
      this.groups.add(`QF4003:${rule.order}:rank`, () => diagnostic(catalog.weightRejected, { fqn: t.fqn, config: name, message: `a ${t.shape.length}-D tensor; quantforge quantizes tensors of rank 2 or more` }, span, { related: [{ message: `rule ${describeRule(rule.ref)}`, span: null }] }));
      return quantize;
    }
    const check = checkWeight(config, { shape: t.shape, dtype: t.dtype, kind: t.kind });
    if (check.status === 'ok') return quantize;
    const related = [{ message: `rule ${describeRule(rule.ref)}`, span: null }];
    if (check.status === 'error') {
      const e = check.error;
      const message = e.ours ? e.message : `torchao raises ${e.exception}: ${e.message || '(no message)'}`;
      this.groups.add(`QF4003:${rule.order}:${e.message}`, () => diagnostic(catalog.weightRejected, { fqn: t.fqn, config: name, message }, span, { related }));
      return quantize;
    }
    if (this.allowSkip) {
      this.groups.add(`QF4005:${rule.order}:${check.reason}`, () => diagnostic(catalog.weightIncompatibleSkipped, { fqn: t.fqn, reason: check.reason }, span, { related }));
      return { action: 'skip', reason: 'incompatible', detail: check.reason };
    }
    this.groups.add(`QF4004:${rule.order}:${check.reason}`, () =>
      diagnostic(catalog.weightIncompatible, { fqn: t.fqn, config: name, reason: check.reason }, span, {
        hint: 'add a `where` that excludes such tensors (e.g. `where in_features % 128 == 0`) or `allow skip_incompatible` to the recipe',
        related,
      }),
    );
    return quantize;
  }

  uses(): RuleUse[] {
    return this.rules.map((r) => {
      const s = this.shadowedBy.get(r.order);
      const won = this.won.get(r.order) ?? 0;
      return { rule: r.ref, matchedExample: this.matchedExample.get(r.order) ?? null, won, shadowedBy: s && won === 0 ? { fqn: s.fqn, rule: s.rule.ref } : null };
    });
  }
}

/** Integer capture text is a number in `where` (dsl.md §Patterns); other text stays a string. */
function captureValue(text: string): Value {
  return /^-?(0|[1-9]\d*)$/.test(text) ? Number(text) : text;
}
