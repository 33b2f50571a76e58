// `verify-golden --backend cuda` for the GPU machine, as one bundle-able entry (the CLI itself
// pulls in ts-morph): node verify-golden-cuda.mjs <golden-dir> [filter]. Prints one line per
// case, then passed / failed / skipped per config family (the manifest's group) and the
// summary; exit 1 on any failure. Kernels from $QF_CUDA_MODULE_DIR
// (bench/gpu/build-golden-modules.ts; scripts/gpu/golden-check.sh runs this).
import { loadBackend } from '../../src/numerics/golden/backend.js';
import type { CaseResult } from '../../src/numerics/golden/run-case.js';
import { verifyGolden } from '../../src/numerics/golden/verify.js';

const [dir, filter] = process.argv.slice(2);
if (!dir) throw new Error('usage: verify-golden-cuda <golden-dir> [case-id filter]');
const TAG = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' } as const;
const started = Date.now();
const summary = await verifyGolden(dir, await loadBackend('cuda'), {
  filter,
  onResult: (r) => console.log(`${TAG[r.outcome]} ${r.caseId}  ${r.reason}`),
});

/** passed / failed / skipped per group, in the order groups first appear. */
function byFamily(results: CaseResult[]): Map<string, Record<CaseResult['outcome'], number>> {
  const out = new Map<string, Record<CaseResult['outcome'], number>>();
  for (const r of results) {
    const row = out.get(r.group) ?? { passed: 0, failed: 0, skipped: 0 };
    row[r.outcome]++;
    out.set(r.group, row);
  }
  return out;
}

console.log('\nfamily | passed | failed | skipped');
for (const [group, n] of byFamily(summary.results)) console.log(`${group} | ${n.passed} | ${n.failed} | ${n.skipped}`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped (${seconds} s)`);
process.exitCode = summary.failed > 0 ? 1 : 0;
