// `quantforge merge SHARD... -o OUT`: join `build --shard i/N` outputs into one bundle.
import { type CliCommand, UserError } from '../command.js';
import { asUserError, parseOrUsage, parseSize } from '../../build/cli-args.js';
import { mergeShards } from '../../bundle/merge.js';

const USAGE = `usage: quantforge merge SHARD... -o OUT [--max-shard-size SIZE] [--force]

Joins the outputs of \`quantforge build --shard 1/N\` ... \`--shard N/N\` (any order) into the
bundle OUT, byte-identical to an unsharded build. Every shard is verified first.

  --max-shard-size SIZE  bytes per weights file; must match the builds' (default 2GiB)`;

export const command: CliCommand = {
  name: 'merge',
  summary: 'join sharded build outputs into one bundle',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseOrUsage(
      {
        args: argv,
        allowPositionals: true,
        options: {
          out: { type: 'string', short: 'o' },
          'max-shard-size': { type: 'string' },
          force: { type: 'boolean' },
        },
      },
      USAGE,
    );
    if (positionals.length < 1 || !values.out) throw new UserError(`merge needs shard folders and -o OUT\n${USAGE}`);
    const maxShardBytes = values['max-shard-size']
      ? parseSize(values['max-shard-size'], '--max-shard-size')
      : undefined;
    const m = await asUserError(() => mergeShards(positionals, values.out!, { maxShardBytes, force: values.force }));
    io.stdout(`merged ${positionals.length} shards -> ${values.out} (${m.parameters.length} tensors)\n`);
    return 0;
  },
};
