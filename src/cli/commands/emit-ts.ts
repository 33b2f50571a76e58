// `quantforge emit-ts RECIPE [-o OUT.ts] [--api SPECIFIER]`: a TypeScript module that builds
// the recipe's IR through the programmatic API (src/api/emit-ts.ts).
import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliCommand, UserError } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { emitTypeScript } from '../../api/emit-ts.js';
import { hasErrors } from '../../lower/load.js';
import { readRecipe, report } from './check.js';

const USAGE = `usage: quantforge emit-ts RECIPE [-o OUT.ts] [--api SPECIFIER]

Writes a TypeScript module that builds RECIPE's Recipe IR with quantforge's API
(quantFile(), Int4WeightOnlyConfig({ groupSize: 128 }), ...) and exports it as \`recipeFile\`.
Imports and \`extends\` are resolved: inherited rules are written out.

  -o OUT.ts        write to OUT.ts instead of stdout
  --api SPECIFIER  how the module imports the API (default: a relative path to this
                   checkout's src/api/index.js)`;

/** This checkout's API entry, relative to the folder the module will live in. */
function defaultApi(outDir: string): string {
  const api = fileURLToPath(new URL('../../api/index.js', import.meta.url));
  const rel = relative(outDir, api).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

export const command: CliCommand = {
  name: 'emit-ts',
  summary: 'write a TypeScript module that builds a recipe through the API',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, { output: { type: 'string', short: 'o' }, api: { type: 'string' } }, USAGE);
    const [path, ...rest] = parsed.positionals;
    if (!path || rest.length > 0) throw new UserError(`emit-ts takes exactly one recipe\n${USAGE}`);
    const loaded = readRecipe(path);
    report(loaded.diagnostics, loaded, io);
    if (hasErrors(loaded.diagnostics)) return 1;
    const out = parsed.values.output;
    const apiModule = parsed.values.api ?? defaultApi(out ? dirname(resolve(out)) : process.cwd());
    const text = emitTypeScript(loaded.file, { apiModule });
    if (!out) {
      io.stdout(text);
      return 0;
    }
    try {
      writeFileSync(out, text);
    } catch (e) {
      throw new UserError(`cannot write ${out}: ${(e as Error).message}`);
    }
    io.stdout(`wrote ${out}\n`);
    return 0;
  },
};
