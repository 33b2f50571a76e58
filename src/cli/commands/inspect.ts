// `quantforge inspect BUNDLE`: what a bundle holds (src/bundle/inspect.ts), from its manifest.
import { type CliCommand, UserError } from '../command.js';
import { asUserError, parseOrUsage } from '../../build/cli-args.js';
import { formatSummary, summarize } from '../../bundle/inspect.js';
import { readBuildManifest } from '../../bundle/read.js';

const USAGE = `usage: quantforge inspect BUNDLE [--layers] [--json]

Per-config parameter counts, bytes before and after, weight SQNR (measured at build time),
kernels and targets of BUNDLE.

  --layers   also list every quantized parameter with its SQNR
  --json     print the summary as JSON`;

export const command: CliCommand = {
  name: 'inspect',
  summary: 'summarize a bundle: configs, sizes, per-layer SQNR, kernels',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseOrUsage(
      { args: argv, allowPositionals: true, options: { layers: { type: 'boolean' }, json: { type: 'boolean' } } },
      USAGE,
    );
    if (positionals.length !== 1) throw new UserError(`inspect takes one bundle\n${USAGE}`);
    const manifest = await asUserError(() => readBuildManifest(positionals[0], { allowShard: true }));
    const summary = summarize(manifest);
    io.stdout(
      values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary, { layers: values.layers }),
    );
    return 0;
  },
};
