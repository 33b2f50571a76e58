import { expect } from 'chai';
import fc from 'fast-check';
import { compileGlob, compileRegex, literalPrefix } from '../../../src/passes/bind/patterns.js';

describe('literalPrefix: the literal text every match of a regex starts with', () => {
  it('stops at the first metacharacter or class escape', () => {
    expect(literalPrefix('model\\.layers\\.3\\.mlp\\.experts\\.12\\d\\.(gate|up)_proj')).to.equal(
      'model.layers.3.mlp.experts.12',
    );
    expect(literalPrefix('abc[0-9]')).to.equal('abc');
    expect(literalPrefix('(?<i>x)')).to.equal('');
  });
  it('drops a character a quantifier makes optional, keeps one `+` requires', () => {
    expect(literalPrefix('abc?d')).to.equal('ab');
    expect(literalPrefix('abc*')).to.equal('ab');
    expect(literalPrefix('abc{0,2}')).to.equal('ab');
    expect(literalPrefix('abc+d')).to.equal('abc');
  });
  it('is empty when a top-level alternative could match otherwise (classes and escapes skipped)', () => {
    expect(literalPrefix('abc|abd')).to.equal('');
    expect(literalPrefix('a[(]b|c')).to.equal('');
    expect(literalPrefix('ab(c|d)')).to.equal('ab');
    expect(literalPrefix('ab\\|c')).to.equal('ab|c');
  });
  it('globs: up to the first wildcard', () => {
    expect(compileGlob('model.layers.*.mlp').prefix).to.equal('model.layers.');
    expect(compileGlob('model.{a,b}.x').prefix).to.equal('model.');
  });
  it('every string a regex fully matches starts with its prefix', () => {
    const alphabet = fc.constantFrom('a', 'b', '.', '1');
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 6 }),
        fc.string({ unit: alphabet, maxLength: 6 }),
        (lit, tail) => {
          const source = `${lit.replace(/\./g, '\\.')}(?:a|b\\d)?${tail.replace(/\./g, '\\.')}`;
          const p = compileRegex(source);
          for (const s of [`${lit}${tail}`, `${lit}a${tail}`, `${lit}b1${tail}`]) {
            expect(p.regex.test(s)).to.equal(true);
            expect(s.startsWith(p.prefix)).to.equal(true);
          }
        },
      ),
    );
  });
});
