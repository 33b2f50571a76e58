// The decision for a tensor once a rule has won it: skip, or the rule's config checked against
// torchao's shape/dtype rules for that tensor. A misfit torchao would silently skip is an error
// (or a skip under `allow skip_incompatible`); one torchao raises on is an error. Diagnostics go
// through DiagnosticGroups, so a rule misfitting many tensors reports once.
import { catalog, diagnostic } from '../../ir/diagnostic-catalog.js';
import {
  checkWeight,
  supportsParameterLevel,
  describeConfig,
  type ResolvedConfig,
  type WeightCheck,
} from '../../ir/configs/index.js';
import { describeRule, type Decision, type PrecedenceLevel } from '../../ir/plan.js';
import type { TensorDescription } from '../../model/description.js';
import type { PreparedRule } from './prepare.js';
import type { DiagnosticGroups } from './aggregate.js';

const SKIP_RULE: Decision = { action: 'skip', reason: 'rule' };
const SKIP_INVALID: Decision = { action: 'skip', reason: 'invalid_config' };

export function weightDecision(
  t: TensorDescription,
  rule: PreparedRule,
  level: PrecedenceLevel,
  groups: DiagnosticGroups,
  allowSkip: boolean,
): Decision {
  const a = rule.action;
  if (a.kind === 'skip') return SKIP_RULE;
  if (a.kind === 'invalid') return SKIP_INVALID;
  const config = a.config;
  // One decision object per rule: tensors decided alike share it (a million tensors, few rules).
  const quantize = (rule.decision ??= { action: 'quantize', config, format: config.format });
  const parameterLevel = level === 'exact_param' || level === 'pattern_param';
  const floating = t.dtype === 'bfloat16' || t.dtype === 'float32' || t.dtype === 'float16' || t.dtype === 'float64';
  const check = t.shape.length < 2 || !floating ? null : checkCached(rule, config, t);
  if (check?.status === 'ok' && (!parameterLevel || supportsParameterLevel(config))) return quantize;
  const span = rule.span;
  const related = () => [{ message: `rule ${describeRule(rule.ref)}`, span: null }];
  if (parameterLevel && !supportsParameterLevel(config)) {
    const message = `<class '${config.name}'> does not yet support parameter quantization! Please see https://github.com/pytorch/ao/issues/3252 for more details`;
    groups.add(`QF4009:${rule.order}`, () =>
      diagnostic(catalog.parameterLevelUnsupported, { fqn: t.fqn, config: config.name, message }, span, {
        hint: `name the module (${t.module}) instead of the parameter`,
        related: related(),
      }),
    );
    return quantize;
  }
  if (check === null) {
    const why = floating
      ? `a ${t.shape.length}-D tensor; quantforge quantizes tensors of rank 2 or more`
      : `dtype ${t.dtype}; only floating-point weights can be quantized`;
    groups.add(`QF4003:${rule.order}:${why}`, () =>
      diagnostic(
        catalog.weightRejected,
        {
          fqn: t.fqn,
          config: describeConfig(config),
          message: why,
        },
        span,
        { related: related() },
      ),
    );
    return quantize;
  }
  if (check.status === 'ok') return quantize;
  if (check.status === 'error') {
    const e = check.error;
    const message = e.ours ? e.message : `torchao raises ${e.exception}: ${e.message || '(no message)'}`;
    groups.add(`QF4003:${rule.order}:${e.message}`, () =>
      diagnostic(catalog.weightRejected, { fqn: t.fqn, config: describeConfig(config), message }, span, {
        related: related(),
      }),
    );
    return quantize;
  }
  if (allowSkip) {
    groups.add(`QF4005:${rule.order}:${check.reason}`, () =>
      diagnostic(catalog.weightIncompatibleSkipped, { fqn: t.fqn, reason: check.reason }, span, { related: related() }),
    );
    return { action: 'skip', reason: 'incompatible', detail: check.reason };
  }
  groups.add(`QF4004:${rule.order}:${check.reason}`, () =>
    diagnostic(catalog.weightIncompatible, { fqn: t.fqn, config: describeConfig(config), reason: check.reason }, span, {
      hint: 'add a `where` that excludes such tensors (e.g. `where in_features % 128 == 0`) or `allow skip_incompatible` to the recipe',
      related: related(),
    }),
  );
  return quantize;
}

/**
 * checkWeight depends only on shape, dtype and kind: cached per rule. The common case, a 2-D
 * weight, is keyed by a number (no string built per tensor).
 */
function checkCached(rule: PreparedRule, config: ResolvedConfig, t: TensorDescription): WeightCheck {
  const s = t.shape;
  const byDtype = (rule.checks ??= new Map());
  let byKind = byDtype.get(t.dtype);
  if (!byKind) byDtype.set(t.dtype, (byKind = new Map()));
  let cache = byKind.get(t.kind);
  if (!cache) byKind.set(t.kind, (cache = new Map()));
  const key: number | string =
    s.length === 2 && s[0]! < 2 ** 26 && s[1]! < 2 ** 26 ? s[0]! * 2 ** 26 + s[1]! : s.join(',');
  let c = cache.get(key);
  if (!c) cache.set(key, (c = checkWeight(config, { shape: s, dtype: t.dtype, kind: t.kind })));
  return c;
}
