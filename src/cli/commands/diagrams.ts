// `quantforge diagrams [-o FILE]`: railroad diagrams of the recipe grammar as an HTML page,
// generated from the parser itself (grammar/diagrams.ts).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type CliCommand, UserError } from '../command.js';
import { syntaxDiagramsHtml } from '../../../grammar/index.js';

const USAGE = `usage: quantforge diagrams [-o FILE]

Writes the syntax diagrams of the .quant language as an HTML page, to FILE or to stdout.
The page is self-contained (chevrotain's renderer is inlined).`;

export const command: CliCommand = {
  name: 'diagrams',
  summary: 'write the syntax diagrams of the recipe language (HTML)',
  usage: USAGE,
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: { output: { type: 'string', short: 'o' } } });
    } catch (e) {
      throw new UserError(`${(e as Error).message}\n${USAGE}`);
    }
    const html = syntaxDiagramsHtml();
    if (!parsed.values.output) {
      io.stdout(html);
      return 0;
    }
    try {
      writeFileSync(parsed.values.output, html);
    } catch (e) {
      throw new UserError(`cannot write ${parsed.values.output}: ${(e as Error).message}`);
    }
    io.stdout(`wrote ${parsed.values.output}\n`);
    return 0;
  },
};
