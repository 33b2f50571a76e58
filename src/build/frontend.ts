// The build's front end: recipe file + model folder → BuildPlan, failing before any compute.
//
//   lower   src/lower  (.quant → Recipe IR; syntax, names, config validation)
//   bind    src/passes/bind.ts (Recipe IR × model description → Plan IR; torchao's shape rules)
//   check   src/passes/check.ts (whole-recipe checks: expectations, unmatched rules)
//
// Every error of both stages is rendered with file, line and caret and thrown as one
// FrontEndError; warnings are returned for the CLI to print.
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../ir/diagnostic.js';
import { describeConfig } from '../ir/configs/index.js';
import { describeRule, type Plan, type PlannedTensor } from '../ir/plan.js';
import { hasErrors, loadRecipe } from '../lower/load.js';
import { renderDiagnostics } from '../lower/render-diagnostics.js';
import { describeModel } from '../model/description.js';
import { planRecipe } from '../passes/plan-recipe.js';
import type { BuildPlan, PlannedDecision } from './plan-input.js';

export class FrontEndError extends Error {
  override name = 'FrontEndError';
}

export interface FrontEndResult {
  plan: BuildPlan;
  /** Rendered warnings (empty string when none). */
  warnings: string;
  bound: Plan;
}

export function planBuild(
  recipePath: string,
  modelDir: string,
  options: { recipe?: string; color?: boolean } = {},
): FrontEndResult {
  const lowered = loadRecipe(recipePath);
  const render = (ds: Diagnostic[]) => renderDiagnostics(ds, { sources: lowered.sources, color: options.color });
  if (hasErrors(lowered.diagnostics)) throw new FrontEndError(render(lowered.diagnostics));
  const bound = planRecipe(lowered.file, describeModel(modelDir), { recipe: options.recipe });
  const all = [...lowered.diagnostics, ...bound.diagnostics];
  if (hasErrors(all)) throw new FrontEndError(render(all));
  const warnings = all.length ? render(all) : '';
  return {
    bound,
    warnings,
    plan: {
      recipe: { file: recipePath, source: readFileSync(recipePath, 'utf8'), ir: lowered.file },
      targets: lowered.file.targets,
      parameters: bound.tensors.map((t) => ({ fqn: t.fqn, decision: decisionOf(t) })),
    },
  };
}

function decisionOf(t: PlannedTensor): PlannedDecision {
  const d = t.decision;
  if (d.action === 'quantize') {
    return {
      kind: 'quantize',
      config: describeConfig(d.config),
      rule: t.rule ? describeRule(t.rule) : 'default',
      format: d.format,
    };
  }
  const by = t.rule ? ` by ${describeRule(t.rule)}` : '';
  return { kind: 'skip', reason: `${d.reason}${by}${d.detail ? `: ${d.detail}` : ''}` };
}
