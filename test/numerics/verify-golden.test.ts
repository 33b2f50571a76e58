// The whole ../shared/golden folder through verify-golden with the ref backend (the oracle):
// one test per case; every case passes or is skipped for a stated reason.
import { expect } from 'chai';
import { refBackend } from '../../src/numerics/golden/backend.js';
import type { CaseResult } from '../../src/numerics/golden/run-case.js';
import { listCases, verifyGolden } from '../../src/numerics/golden/verify.js';
import { GOLDEN_DIR } from './golden-dir.js';

/** Why a case may be skipped on the ref backend. */
const ALLOWED_SKIPS = [
  /module selection/, // FqnToConfig / quantize_ cases: the bind pass's tests
  /not_available/, // torchao itself could not produce the case
];

describe('verify-golden on ../shared/golden (ref backend)', function () {
  this.timeout(120_000);
  const results = new Map<string, CaseResult>();

  before(async () => {
    const summary = await verifyGolden(GOLDEN_DIR, refBackend);
    for (const r of summary.results) results.set(r.caseId, r);
  });

  for (const id of listCases(GOLDEN_DIR)) {
    it(id, () => {
      const r = results.get(id)!;
      expect(r.outcome, r.reason).to.not.equal('failed');
      if (r.outcome === 'skipped') expect(ALLOWED_SKIPS.some((re) => re.test(r.reason)), `unexpected skip: ${r.reason}`).to.equal(true);
    });
  }

  it('runs every integer-format case (none of them skipped)', () => {
    const integer = /^(gpu__)?(int8_|int4_|intx_|int8_dynamic_act_intx|float8_dynamic_act_int4)|^prim__(affine|pack_uint4|hqq|tinygemm)|^error__(int|intx)/;
    const skipped = [...results.values()].filter((r) => integer.test(r.caseId) && r.outcome === 'skipped' && !/not_available/.test(r.reason));
    expect(skipped.map((r) => `${r.caseId}: ${r.reason}`)).to.deep.equal([]);
  });
});
