// `quantforge check RECIPE [--model M]`: every diagnostic of a recipe (syntax, names,
// patterns, configs) in one run; exit 1 on any error. With --model the recipe is also bound
// to the model description and the bind diagnostics are reported.
import { type CliCommand, type CliIO, UserError } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { Diagnostic } from '../../ir/diagnostic.js';
import { hasErrors, loadRecipe, type LoadResult } from '../../lower/load.js';
import { renderDiagnostics } from '../../lower/render-diagnostics.js';
import { describeModel, ModelDescriptionError } from '../../model/description.js';
import { bind } from '../../passes/bind.js';
import { check as checkPlan } from '../../passes/check.js';

const USAGE = `usage: quantforge check RECIPE [--model M [--recipe NAME]] [--json]

Reports every problem of RECIPE (a .quant file) and of the files it imports: syntax errors,
unknown names, invalid patterns, configs torchao would reject. Exits 1 on any error.

  --model M   also bind the recipe to model M (a model folder, a .safetensors file, or a JSON
              safetensors header) and report what binding finds: rules that match nothing
              or are shadowed, shapes a config cannot quantize, failed expectations...
  --recipe N  with --model: the recipe to bind (default: the file's last recipe)
  --json      print {"file", "ok", "diagnostics": [{code, severity, message, span, hint}]}
              instead of text (for editors and scripts)`;

export function readRecipe(path: string): LoadResult {
  try {
    return loadRecipe(path);
  } catch (e) {
    throw new UserError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function report(diagnostics: Diagnostic[], loaded: LoadResult, io: CliIO): void {
  if (diagnostics.length) io.stderr(renderDiagnostics(diagnostics, { sources: loaded.sources, color: io.isTTY }));
}

/** Binds the recipe to the model and runs the whole-recipe checks; their diagnostics. */
function bindDiagnostics(loaded: LoadResult, modelPath: string, recipe: string | undefined): Diagnostic[] {
  let model;
  try {
    model = describeModel(modelPath);
  } catch (e) {
    if (e instanceof ModelDescriptionError) throw new UserError(e.message);
    throw e;
  }
  return checkPlan(bind(loaded.file, model, recipe === undefined ? {} : { recipe }), loaded.file).diagnostics;
}

export const command: CliCommand = {
  name: 'check',
  summary: 'report every problem of a recipe (and, with --model, of binding it)',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, { model: { type: 'string' }, recipe: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
    const [path, ...rest] = parsed.positionals;
    if (!path || rest.length > 0) throw new UserError(`check takes exactly one recipe\n${USAGE}`);
    const loaded = readRecipe(path);
    const diagnostics = [...loaded.diagnostics];
    if (parsed.values.model && !hasErrors(diagnostics))
      diagnostics.push(...bindDiagnostics(loaded, parsed.values.model, parsed.values.recipe));
    if (parsed.values.json) {
      io.stdout(`${JSON.stringify({ file: path, ok: !hasErrors(diagnostics), diagnostics }, null, 2)}\n`);
      return hasErrors(diagnostics) ? 1 : 0;
    }
    report(diagnostics, loaded, io);
    if (hasErrors(diagnostics)) return 1;
    const rules = loaded.file.recipes.reduce((n, r) => n + r.rules.length, 0);
    io.stdout(
      `${path}: ok (${loaded.file.recipes.length} recipe(s), ${rules} rule(s)${parsed.values.model ? `, bound to ${parsed.values.model}` : ''})\n`,
    );
    return 0;
  },
};
