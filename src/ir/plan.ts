// Plan IR: a recipe bound to a model. For every tensor of the model, the decision (skip, or a
// resolved config and its FormatSpec), the rule that chose it (file, line), the tensor's shape,
// dtype and module kind, and its fusion group. Produced by src/passes/bind.ts, completed by
// src/passes/check.ts (diagnostics, fusion groups, expectation values); consumed by
// specialization, the bundle writer and `quantforge plan`. Plain data apart from the
// ResolvedConfig objects, which are shared between the tensors one rule decides.
import type { Diagnostic, Span } from './diagnostic.js';
import type { FormatSpec } from './format.js';
import type { ResolvedConfig } from './configs/index.js';
import type { Rule } from './recipe.js';

/** Where a decision came from: one rule of the bound recipe. */
export interface RuleRef {
  /** Position in the recipe's rule list (source order, `extends` rules after the recipe's own). */
  index: number;
  /** The matcher as written: `"lm_head"`, `glob "model.layers.{i}.mlp.*"`, `re "..."`, `default`. */
  text: string;
  file: string;
  line: number;
  column: number;
}

export type PrecedenceLevel = 'exact_param' | 'exact_module' | 'pattern_param' | 'pattern_module' | 'default';

export type Decision =
  | { action: 'quantize'; config: ResolvedConfig; format: FormatSpec }
  /**
   * `rule`: a rule says skip (None); `unmatched`: no rule applies (not a linear weight, or no
   * default); `incompatible`: torchao would skip it and the recipe allows skip_incompatible;
   * `invalid_config`: the rule's config was refused (its diagnostics say why).
   */
  | { action: 'skip'; reason: 'rule' | 'unmatched' | 'incompatible' | 'invalid_config'; detail?: string };

export interface PlannedTensor {
  fqn: string;
  module: string;
  leaf: string;
  shape: number[];
  dtype: string;
  kind: 'linear' | 'embedding' | 'moe_experts' | 'other';
  decision: Decision;
  /** The rule that decided; null when none applied. */
  rule: RuleRef | null;
  level: PrecedenceLevel | null;
  /** Sibling projections that share an input and a format: `layers.0.self_attn.{q_proj,k_proj,v_proj}`. */
  fusionGroup: string | null;
}

/** How often a rule matched a tensor and how often it decided one (unmatched / shadowed checks). */
export interface RuleUse {
  rule: RuleRef;
  /** A tensor the rule matches (decided by it or not); null when it matches none. */
  matchedExample: string | null;
  /** Tensors it decided. */
  won: number;
  /** When it matched but never won: a tensor it matched and the rule that decided it instead. */
  shadowedBy: { fqn: string; rule: RuleRef } | null;
}

export interface Plan {
  recipe: string;
  file: string;
  model: string;
  tensors: PlannedTensor[];
  rules: RuleUse[];
  diagnostics: Diagnostic[];
}

export function ruleRef(rule: Rule, index: number, file: string): RuleRef {
  const span: Span | undefined = rule.span;
  return { index, text: matcherText(rule), file: span?.file ?? file, line: span?.line ?? 0, column: span?.column ?? 0 };
}

export function matcherText(rule: Rule): string {
  const m = rule.matcher;
  switch (m.kind) {
    case 'exact':
      return JSON.stringify(m.fqn);
    case 'glob':
      return `glob ${JSON.stringify(m.pattern)}`;
    case 'regex':
      return `re ${JSON.stringify(m.pattern)}`;
    case 'default':
      return 'default';
  }
}

/** `glob "..." (recipe.quant:12)` for messages. */
export const describeRule = (r: RuleRef): string => (r.line > 0 ? `${r.text} (${r.file}:${r.line})` : r.text);
