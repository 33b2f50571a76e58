// The whole ../shared/golden folder through verify-golden with the cpu backend (the compiled
// CPU kernels): no case fails; a case is skipped only for a reason the backend states (a
// format without CPU kernels yet, CUDA-only numerics) or because it checks the oracle itself.
import { expect } from 'chai';
import { cpuBackend } from '../../src/numerics/golden/backend-cpu.js';
import { verifyGolden } from '../../src/numerics/golden/verify.js';
import { GOLDEN_DIR } from './golden-dir.js';

const ALLOWED_SKIPS = [
  /module selection/, // FqnToConfig / quantize_: the bind pass's tests
  /not_available/, // torchao itself could not produce the case
  /check the oracle/, // primitive and stage cases test the oracle's intermediate tensors
  /^backend cpu: /, // the backend says why (format without CPU kernels, CUDA numerics)
];

describe('verify-golden on ../shared/golden (cpu backend)', function () {
  this.timeout(600_000);

  it('passes every case the CPU kernels run, and most cases run', async () => {
    const summary = await verifyGolden(GOLDEN_DIR, cpuBackend);
    const failed = summary.results.filter((r) => r.outcome === 'failed').map((r) => `${r.caseId}: ${r.reason}`);
    expect(failed).to.deep.equal([]);
    const odd = summary.results
      .filter((r) => r.outcome === 'skipped' && !ALLOWED_SKIPS.some((re) => re.test(r.reason)))
      .map((r) => `${r.caseId}: ${r.reason}`);
    expect(odd).to.deep.equal([]);
    expect(summary.results.filter((r) => r.outcome === 'passed').length).to.be.at.least(120);
  });
});
