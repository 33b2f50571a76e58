// The catalog is the contract between phases and the CLI: codes are unique, well-formed,
// and sit in the range of their phase.
import { expect } from 'chai';
import { catalog, diagnostic, formatTemplate } from '../../src/ir/diagnostic-catalog.js';

describe('diagnostic catalog', () => {
  const entries = Object.entries(catalog);

  it('gives every entry a unique code of the form QFnnnn', () => {
    const codes = entries.map(([, v]) => v.code);
    for (const code of codes) expect(code).to.match(/^QF[1-6]\d{3}$/);
    expect(new Set(codes).size).to.equal(codes.length);
  });

  it('keeps codes ascending within the file, so each phase section stays in its range', () => {
    const codes = entries.map(([, v]) => Number(v.code.slice(2)));
    const sorted = [...codes].sort((a, b) => a - b);
    expect(codes).to.deep.equal(sorted);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatTemplate('unknown `{name}` in {where}', { name: 'x' })).to.equal('unknown `x` in {where}');
  });

  it('builds a diagnostic with code, severity, message, span and hint', () => {
    const d = diagnostic(catalog.unknownLet, { name: 'w4' }, null, { hint: 'did you mean `w8`?' });
    expect(d).to.deep.equal({
      code: 'QF2001',
      severity: 'error',
      message: 'unknown name `w4`: no `let` or import defines it',
      span: null,
      hint: 'did you mean `w8`?',
    });
  });
});
