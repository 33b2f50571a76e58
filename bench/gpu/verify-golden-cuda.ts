// `verify-golden --backend cuda` for the GPU machine, as one bundle-able entry (the CLI itself
// pulls in ts-morph): node verify-golden-cuda.mjs <golden-dir>. Prints one line per case, then
// the summary; exit 1 on any failure. Kernels from $QF_CUDA_MODULE_DIR (bench/gpu/build-module.ts).
import { loadBackend } from '../../src/numerics/golden/backend.js';
import { verifyGolden } from '../../src/numerics/golden/verify.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: verify-golden-cuda <golden-dir>');
const summary = await verifyGolden(dir, await loadBackend('cuda'), {
  onResult: (r) => console.log(`${r.outcome === 'passed' ? 'PASS' : r.outcome === 'failed' ? 'FAIL' : 'SKIP'} ${r.caseId}  ${r.reason}`),
});
console.log(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
process.exitCode = summary.failed > 0 ? 1 : 0;
