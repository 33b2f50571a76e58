// `quantforge unpack FILE -o DIR`: a packed bundle back to a folder, verified before it appears.
import { type CliCommand, UserError } from '../command.js';
import { asUserError, parseOrUsage } from '../../build/cli-args.js';
import { unpackBundle } from '../../bundle/pack.js';

const USAGE = `usage: quantforge unpack FILE -o DIR [--force]

Extracts a file written by \`quantforge pack\` into DIR. DIR appears only if every file
verifies against the manifest.`;

export const command: CliCommand = {
  name: 'unpack',
  summary: 'extract a packed bundle (verified)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseOrUsage(
      {
        args: argv,
        allowPositionals: true,
        options: { out: { type: 'string', short: 'o' }, force: { type: 'boolean' } },
      },
      USAGE,
    );
    if (positionals.length !== 1 || !values.out) throw new UserError(`unpack needs FILE and -o DIR\n${USAGE}`);
    const r = await asUserError(() => unpackBundle(positionals[0], values.out!, { force: values.force }));
    io.stdout(`unpacked ${positionals[0]} -> ${values.out} (${r.files} files, verified)\n`);
    return 0;
  },
};
