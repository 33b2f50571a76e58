// Every `error__*` golden case: torchao raised; quantforge must refuse the same config (or the
// same config on the same weight) with torchao's message.
import { expect } from 'chai';
import { resolveConfig, checkWeight } from '../../../src/ir/configs/index.js';
import { parsePythonCall } from './python-call.js';
import { goldenCases } from './golden.js';

describe('golden error cases: torchao refuses, so do we', () => {
  const cases = goldenCases('error__');
  it('finds the golden error cases', () => expect(cases.length).to.be.greaterThan(20));

  for (const m of cases) {
    it(`${m.case_id}: ${m.error!.type}: ${m.error!.message.slice(0, 70) || '(bare)'}`, () => {
      const resolved = resolveConfig(parsePythonCall(m.config.constructor));
      let text: string;
      if (resolved.ok) {
        const w = m.inputs!.weight!;
        const check = checkWeight(resolved.config, { shape: w.shape, dtype: w.dtype, kind: 'linear' });
        expect(check.status, `${m.case_id} should fail on ${JSON.stringify(w)}`).to.equal('error');
        if (check.status !== 'error') return;
        expect(check.error.exception).to.equal(m.error!.type);
        text = check.error.message;
      } else {
        expect(resolved.diagnostics).to.have.length(1);
        const d = resolved.diagnostics[0]!;
        expect(d.severity).to.equal('error');
        text = d.message;
        if (d.code === 'QF3004') expect(text).to.contain(`torchao raises ${m.error!.type}`);
      }
      if (m.error!.message === '') expect(text).to.match(/AssertionError without a message/);
      else expect(text).to.contain(m.error!.message);
    });
  }
});
