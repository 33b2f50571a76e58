// `quantforge check RECIPE [--model M]`: every diagnostic of a recipe (syntax, names,
// patterns, configs) in one run; exit 1 on any error. With --model the recipe is also bound
// to the model description and the bind diagnostics are reported.
import { parseArgs } from 'node:util';
import { type CliCommand, type CliIO, UserError } from '../command.js';
import type { Diagnostic } from '../../ir/diagnostic.js';
import { hasErrors, loadRecipe, type LoadResult } from '../../lower/load.js';
import { renderDiagnostics } from '../../lower/render-diagnostics.js';

const USAGE = `usage: quantforge check RECIPE [--model M]

Reports every problem of RECIPE (a .quant file) and of the files it imports: syntax errors,
unknown names, invalid patterns, configs torchao would reject. Exits 1 on any error.

  --model M   also bind the recipe to model M (a model folder, a .safetensors file, or a JSON
              safetensors header) and report what binding finds`;

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

export const command: CliCommand = {
  name: 'check',
  summary: 'report every problem of a recipe (and, with --model, of binding it)',
  usage: USAGE,
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: { model: { type: 'string' } } });
    } catch (e) {
      throw new UserError(`${(e as Error).message}\n${USAGE}`);
    }
    const [path, ...rest] = parsed.positionals;
    if (!path || rest.length > 0) throw new UserError(`check takes exactly one recipe\n${USAGE}`);
    const loaded = readRecipe(path);
    const diagnostics = [...loaded.diagnostics];
    if (parsed.values.model) throw new UserError('--model needs the bind pass (src/passes/bind.ts), which this build does not have yet');
    report(diagnostics, loaded, io);
    if (hasErrors(diagnostics)) return 1;
    const rules = loaded.file.recipes.reduce((n, r) => n + r.rules.length, 0);
    io.stdout(`${path}: ok (${loaded.file.recipes.length} recipe(s), ${rules} rule(s)${parsed.values.model ? `, bound to ${parsed.values.model}` : ''})\n`);
    return 0;
  },
};
