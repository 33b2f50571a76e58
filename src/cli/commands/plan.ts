// `quantforge plan RECIPE --model M [--json] [--explain FQN] [--recipe NAME]`: the decision for
// every tensor of a model (tensor → rule → config), every diagnostic of binding and checking,
// or, with --explain, which rules were tried for one tensor and why each won or lost.
import { type CliCommand, type CliIO, UserError } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { hasErrors, loadRecipe, type LoadResult } from '../../lower/load.js';
import { renderDiagnostics } from '../../lower/render-diagnostics.js';
import { describeModel, ModelDescriptionError, type ModelDescription } from '../../model/description.js';
import { planRecipe } from '../../passes/plan-recipe.js';
import { explain } from '../../passes/explain.js';
import { describeConfig, toTorchaoDict } from '../../ir/configs/index.js';
import type { Plan } from '../../ir/plan.js';

const USAGE = `usage: quantforge plan RECIPE --model M [--json] [--explain FQN] [--recipe NAME]

Binds RECIPE (a .quant file) to model M and prints, for every tensor, the rule that decided it
and the config it gets (or skip), then every diagnostic. Exits 1 on any error.

  --model M       a model folder (config.json + safetensors headers), a .safetensors file, or a
                  JSON file in safetensors-header form {"<tensor>": {"dtype": "BF16", "shape": [..]}}
  --json          print {"params": [{"fqn", "shape", "kind", "action", "config", "rule"}], "diagnostics": [...]}
  --explain FQN   list the rules tried for one tensor, and why each won or lost
  --recipe NAME   the recipe to bind when the file has several (default: the last one)`;

export const command: CliCommand = {
  name: 'plan',
  summary: 'show the decision (rule and config) for every tensor of a model',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, {
          model: { type: 'string' },
          json: { type: 'boolean' },
          explain: { type: 'string' },
          recipe: { type: 'string' },
        }, USAGE);
    const [path, ...rest] = parsed.positionals;
    const { model: modelPath, json, explain: fqn, recipe } = parsed.values;
    if (!path || rest.length > 0) throw new UserError(`plan takes exactly one recipe\n${USAGE}`);
    if (!modelPath) throw new UserError(`plan needs --model\n${USAGE}`);
    const loaded = readRecipe(path);
    if (hasErrors(loaded.diagnostics)) {
      io.stderr(renderDiagnostics(loaded.diagnostics, { sources: loaded.sources, color: io.isTTY }));
      return 1;
    }
    const model = readModel(modelPath);
    if (recipe !== undefined && !loaded.file.recipes.some((r) => r.name === recipe)) {
      throw new UserError(
        `${path} has no recipe ${recipe}; it has ${loaded.file.recipes.map((r) => r.name).join(', ') || 'none'}`,
      );
    }
    if (fqn !== undefined) return printExplain(loaded, model, fqn, recipe, io);
    const plan = planRecipe(loaded.file, model, recipe === undefined ? {} : { recipe });
    const diagnostics = [...loaded.diagnostics, ...plan.diagnostics];
    if (json) io.stdout(`${JSON.stringify(planJson(plan, diagnostics), null, 1)}\n`);
    else {
      io.stdout(planTable(plan));
      if (diagnostics.length) io.stderr(renderDiagnostics(diagnostics, { sources: loaded.sources, color: io.isTTY }));
    }
    return hasErrors(diagnostics) ? 1 : 0;
  },
};

function readRecipe(path: string): LoadResult {
  try {
    return loadRecipe(path);
  } catch (e) {
    throw new UserError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function readModel(path: string): ModelDescription {
  try {
    return describeModel(path);
  } catch (e) {
    if (e instanceof ModelDescriptionError || (e as Error).name === 'SafetensorsError')
      throw new UserError((e as Error).message);
    throw e;
  }
}

export function planJson(plan: Plan, diagnostics: Plan['diagnostics']) {
  return {
    params: plan.tensors.map((t) => ({
      fqn: t.fqn,
      shape: t.shape,
      kind: t.kind,
      action: t.decision.action === 'quantize' ? t.decision.config.name : 'skip',
      config: t.decision.action === 'quantize' ? toTorchaoDict(t.decision.config)._data : null,
      rule: t.rule ? { file: t.rule.file, line: t.rule.line } : null,
    })),
    diagnostics,
  };
}

export function planTable(plan: Plan): string {
  const rows = plan.tensors.map((t) => [
    t.fqn,
    t.shape.join('x'),
    t.kind,
    t.rule ? `${t.rule.file}:${t.rule.line} ${t.rule.text}` : '-',
    t.decision.action === 'quantize'
      ? describeConfig(t.decision.config)
      : t.decision.reason === 'unmatched'
        ? 'skip (no rule)'
        : `skip (${t.decision.reason})`,
  ]);
  const header = ['tensor', 'shape', 'kind', 'rule', 'config'];
  const widths = header.map((h, i) => Math.min(72, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const quantized = plan.tensors.filter((t) => t.decision.action === 'quantize').length;
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `${quantized} of ${plan.tensors.length} tensors quantized (recipe ${plan.recipe}, model ${plan.model})`,
    '',
  ].join('\n');
}

function printExplain(
  loaded: LoadResult,
  model: ModelDescription,
  fqn: string,
  recipe: string | undefined,
  io: CliIO,
): number {
  const { tensor, attempts } = explain(loaded.file, model, fqn, recipe);
  if (!tensor) {
    const near = model.tensors
      .filter((t) => t.fqn.includes(fqn.split('.').pop() ?? fqn))
      .slice(0, 5)
      .map((t) => t.fqn);
    throw new UserError(`${model.source} has no tensor ${fqn}${near.length ? `; similar: ${near.join(', ')}` : ''}`);
  }
  const lines = [
    `${tensor.fqn}  shape ${tensor.shape.join('x')}  ${tensor.dtype}  kind ${tensor.kind}${tensor.isLinear ? '' : ' (not a linear for default)'}`,
  ];
  for (const a of attempts) lines.push(`  ${a.outcome.padEnd(14)} ${a.rule}: ${a.detail}`);
  if (!attempts.some((a) => a.outcome === 'won')) lines.push('  => skip: no rule applies');
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
