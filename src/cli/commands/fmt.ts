// `quantforge fmt RECIPE... [--write | --check]`: canonical layout of recipe files, comments
// kept (src/lower/format-source.ts). Prints to stdout by default; --write rewrites changed
// files; --check lists files that are not formatted and exits 1 if any.
import { readFileSync, writeFileSync } from 'node:fs';
import { type CliCommand, UserError } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { formatSource } from '../../lower/format-source.js';
import { renderDiagnostics } from '../../lower/render-diagnostics.js';

const USAGE = `usage: quantforge fmt RECIPE... [--write | --check]

Lays out .quant files canonically (two-space indentation, one rule per line, spaces around
\`->\`), keeping comments. A file with syntax errors is reported and left alone.

  --write   rewrite the files in place (only those that change)
  --check   change nothing; list files that are not formatted and exit 1 if there are any`;

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export const command: CliCommand = {
  name: 'fmt',
  summary: 'format recipe files canonically',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, { write: { type: 'boolean' }, check: { type: 'boolean' } }, USAGE);
    const { write = false, check = false } = parsed.values;
    if (parsed.positionals.length === 0) throw new UserError(`fmt needs at least one recipe\n${USAGE}`);
    if (write && check) throw new UserError('--write and --check exclude each other');
    let failed = false;
    for (const path of parsed.positionals) {
      const text = read(path);
      const r = formatSource(text, path);
      if (r.text === null) {
        io.stderr(renderDiagnostics(r.diagnostics, { sources: new Map([[path, text]]), color: io.isTTY }));
        failed = true;
      } else if (check) {
        if (r.text !== text) {
          io.stdout(`${path}: not formatted\n`);
          failed = true;
        }
      } else if (write) {
        if (r.text !== text) {
          writeFileSync(path, r.text);
          io.stdout(`${path}: formatted\n`);
        }
      } else {
        io.stdout(r.text);
      }
    }
    return failed ? 1 : 0;
  },
};
