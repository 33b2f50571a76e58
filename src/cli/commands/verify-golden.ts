// `quantforge verify-golden DIR [--backend ref|cpu|cuda] [--json] [--filter SUBSTR]`: runs
// every torchao golden case of DIR (laid out like ../shared/golden) through a backend, one
// line per case, then `N passed, M failed[, K skipped]`; exit 1 on any failure.
import { type CliCommand, UserError } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { loadBackend } from '../../numerics/golden/backend.js';
import type { CaseResult } from '../../numerics/golden/run-case.js';
import { verifyGolden } from '../../numerics/golden/verify.js';

const USAGE = `usage: quantforge verify-golden DIR [--backend ref|cpu|cuda] [--json] [--filter SUBSTR]

Checks our numerics against torchao's golden vectors in DIR: quantized values, scales and
zero points bit-exact, dequantized weights exact, linear outputs within the float-GEMM
tolerance (exact for int8 dynamic). Cases a backend cannot run are reported as skipped.

  --backend NAME   ref (the TypeScript oracle, default), cpu or cuda (compiled kernels)
  --json           print one JSON object with every result instead of text lines
  --filter SUBSTR  only cases whose id contains SUBSTR`;

function line(r: CaseResult): string {
  const tag = r.outcome === 'passed' ? 'PASS' : r.outcome === 'failed' ? 'FAIL' : 'SKIP';
  return `${tag} ${r.caseId}  ${r.reason}`;
}

export const command: CliCommand = {
  name: 'verify-golden',
  summary: 'check the numerics against torchao golden vectors',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, { backend: { type: 'string', default: 'ref' }, json: { type: 'boolean', default: false }, filter: { type: 'string' } }, USAGE);
    const [dir, ...rest] = parsed.positionals;
    if (!dir || rest.length > 0) throw new UserError(`verify-golden takes exactly one folder\n${USAGE}`);
    let backend;
    try {
      backend = await loadBackend(parsed.values.backend ?? 'ref');
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    const json = parsed.values.json ?? false;
    let summary;
    try {
      summary = await verifyGolden(dir, backend, { filter: parsed.values.filter, onResult: json ? undefined : (r) => io.stdout(`${line(r)}\n`) });
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    const { passed, failed, skipped } = summary;
    const total = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    if (json) {
      const results = summary.results.map(({ caseId, group, outcome, reason, checks }) => ({
        caseId, group, outcome, reason, checks: checks.filter((c) => !c.ok),
      }));
      io.stdout(`${JSON.stringify({ backend: backend.name, passed, failed, skipped, results }, null, 1)}\n`);
    } else {
      io.stdout(`${total}\n`);
    }
    return failed > 0 ? 1 : 0;
  },
};
