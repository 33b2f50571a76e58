// Runs one golden case on a backend and decides passed / failed / skipped.
//
// By kind of case: `not_available` (torchao could not produce it) and module-selection cases
// (FqnToConfig, quantize_: the bind pass's tests cover them) are skipped; `error` and
// `skipped_by_torchao` go to config validation (validation-case.ts); prim__* to the
// primitive handlers; `stage` to the stage handler of the layout; everything else applies
// the config to the weight (config-case.ts). An exception while running is a failure that
// names the step, never a crash of the whole run.
import type { FormatSpec } from '../../ir/format.js';
import type { GoldenBackend } from './backend.js';
import type { GoldenCase } from './case.js';
import type { Check } from './compare.js';
import { runConfigCase } from './config-case.js';
import { formatSpecFromConfigDict } from './format-from-config.js';
import { primitiveHandler } from './primitives.js';
import { STAGES } from './stages.js';
import { runValidationCase } from './validation-case.js';

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  caseId: string;
  group: string;
  outcome: Outcome;
  /** Why skipped, or the first failing check in one line. */
  reason: string;
  checks: Check[];
}

const MODULE_SELECTION_GROUPS = new Set(['FqnToConfig', 'quantize_']);

function decide(c: GoldenCase, checks: Check[]): CaseResult {
  const failed = checks.filter((k) => !k.ok);
  const base = { caseId: c.manifest.case_id, group: c.manifest.group, checks };
  if (checks.length === 0) return { ...base, outcome: 'failed', reason: 'nothing was compared (the case holds no tensor we check)' };
  if (failed.length === 0) return { ...base, outcome: 'passed', reason: `${checks.length} tensors match` };
  return { ...base, outcome: 'failed', reason: `${failed[0].name}: ${failed[0].detail}${failed.length > 1 ? ` (+${failed.length - 1} more)` : ''}` };
}

function skip(c: GoldenCase, reason: string): CaseResult {
  return { caseId: c.manifest.case_id, group: c.manifest.group, outcome: 'skipped', reason, checks: [] };
}

export async function runCase(c: GoldenCase, backend: GoldenBackend): Promise<CaseResult> {
  const m = c.manifest;
  try {
    if (m.status === 'not_available') return skip(c, 'torchao could not produce this case (not_available)');
    if (MODULE_SELECTION_GROUPS.has(m.group)) return skip(c, 'module selection (FqnToConfig/quantize_): checked by the bind pass (test/passes/bind-golden.test.ts)');
    if (m.status === 'error' || m.status === 'skipped_by_torchao') {
      const r = await runValidationCase(c);
      return 'skip' in r ? skip(c, r.skip) : decide(c, r.checks);
    }
    if (m.case_id.startsWith('prim__')) {
      const handler = primitiveHandler(m.case_id);
      if (!handler) return skip(c, 'no primitive handler for this case yet');
      if (!backend.runsPrimitives) return skip(c, `primitive cases check the oracle, not backend '${backend.name}'`);
      return decide(c, handler(c));
    }
    const lookup = formatSpecFromConfigDict(m.config?.config_to_dict);
    if ('skip' in lookup) return skip(c, lookup.skip);
    if ('fail' in lookup) return { caseId: m.case_id, group: m.group, outcome: 'failed', reason: lookup.fail, checks: [] };
    const spec = lookup.spec;
    const device = String(m.device ?? 'cpu').startsWith('cuda') ? 'cuda' : 'cpu';
    if (m.status === 'stage') return await runStage(c, spec, backend, device);
    const unsupported = backend.supports(spec, { device }) ?? unfit(c, spec, backend);
    if (unsupported) return skip(c, `backend ${backend.name}: ${unsupported}`);
    return decide(c, await runConfigCase(c, spec, backend));
  } catch (e) {
    return { caseId: m.case_id, group: m.group, outcome: 'failed', reason: `error: ${(e as Error).message}`, checks: [] };
  }
}

/** Why the backend's kernels cannot take this case's weight (backend.fits), or null. */
function unfit(c: GoldenCase, spec: FormatSpec, backend: GoldenBackend): string | null {
  const w = c.manifest.tensors?.weight;
  return w && backend.fits ? backend.fits(spec, w) : null;
}

async function runStage(c: GoldenCase, spec: FormatSpec, backend: GoldenBackend, device: 'cpu' | 'cuda'): Promise<CaseResult> {
  const handler = STAGES[spec.weight.layout];
  if (!handler) return skip(c, `no stage handler for layout '${spec.weight.layout}' yet`);
  if (!backend.runsPrimitives) {
    const why = backend.supports(spec, { device }) ?? unfit(c, spec, backend);
    if (why) return skip(c, `backend ${backend.name}: ${why}`);
    // a kernel backend may read the intermediates back from what its kernels store
    const own = backend.stage?.(spec, c);
    if (own) return decide(c, await own);
    return skip(c, `stage cases check the oracle's intermediate tensors, not backend '${backend.name}'`);
  }
  return decide(c, handler(spec, c));
}
