// `quantforge pack BUNDLE -o FILE`: a verified bundle as one tar file.
import { type CliCommand, UserError } from '../command.js';
import { asUserError, parseOrUsage } from '../../build/cli-args.js';
import { packBundle } from '../../bundle/pack.js';

const USAGE = `usage: quantforge pack BUNDLE -o FILE

Verifies BUNDLE, then writes it as one file (a plain tar, manifest.json first). Unpack with
\`quantforge unpack FILE -o DIR\` (or any tar).`;

export const command: CliCommand = {
  name: 'pack',
  summary: 'write a bundle as one file',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseOrUsage(
      { args: argv, allowPositionals: true, options: { out: { type: 'string', short: 'o' } } },
      USAGE,
    );
    if (positionals.length !== 1 || !values.out) throw new UserError(`pack needs BUNDLE and -o FILE\n${USAGE}`);
    const r = await asUserError(() => packBundle(positionals[0], values.out!));
    io.stdout(`packed ${positionals[0]} -> ${values.out} (${r.files} files)\n`);
    return 0;
  },
};
