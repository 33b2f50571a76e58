// `quantforge verify BUNDLE`: re-hash every file; name each one that changed.
import { type CliCommand, UserError } from '../command.js';
import { parseOrUsage } from '../../build/cli-args.js';
import { verifyBundle } from '../../bundle/verify.js';

const USAGE = `usage: quantforge verify BUNDLE

Re-hashes every file of BUNDLE (manifest included) against its manifest. Exits 1 and names
each missing, extra or modified file when the bundle is not exactly what the build wrote.`;

export const command: CliCommand = {
  name: 'verify',
  summary: 'check every file of a bundle against its manifest hashes',
  usage: USAGE,
  async run(argv, io) {
    const { positionals } = parseOrUsage({ args: argv, allowPositionals: true, options: {} }, USAGE);
    if (positionals.length !== 1) throw new UserError(`verify takes one bundle\n${USAGE}`);
    const r = verifyBundle(positionals[0]);
    if (r.problems.length) {
      io.stderr(`${positionals[0]}: FAILED\n  ${r.problems.join('\n  ')}\n`);
      return 1;
    }
    io.stdout(`${positionals[0]}: ok (${r.files} files, ${(r.bytes / 1e6).toFixed(1)} MB verified)\n`);
    return 0;
  },
};
