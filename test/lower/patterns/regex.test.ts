// Regex patterns: the common subset of Python `re` and ECMAScript, matched against the whole FQN.
import { expect } from 'chai';
import { checkRegex } from '../../../src/lower/patterns/regex.js';

const ok = (p: string) => {
  const r = checkRegex(p);
  if (!r.ok) throw new Error(`${p}: ${r.reason}`);
  return r.regex;
};
const refused = (p: string) => {
  const r = checkRegex(p);
  if (r.ok) throw new Error(`${p} was accepted`);
  return r;
};

describe('regex patterns', () => {
  it('match the whole FQN, as re.fullmatch', () => {
    const re = ok('model\\.layers\\.\\d+\\.mlp\\..*');
    expect(re.test('model.layers.3.mlp.up_proj')).to.equal(true);
    expect(re.test('x.model.layers.3.mlp.up_proj')).to.equal(false);
    expect(ok('a|b').test('ab')).to.equal(false);
  });

  it('translate Python named groups `(?P<name>…)`', () => {
    const m = ok('layers\\.(?P<n>\\d+)').exec('layers.12');
    expect(m?.groups).to.deep.equal({ n: '12' });
  });

  it('accept lookarounds, classes, lazy quantifiers and counted repetition', () => {
    for (const p of ['(?!lm_head).*', '(?<=a)b', '[^.]+\\.w', 'a.*?b', 'x{2,3}', '[]a]', '\\d\\w\\s\\.']) ok(p);
  });

  it('refuse what Python and ECMAScript read differently, with a hint', () => {
    expect(refused('\\Amodel').hint).to.match(/whole FQN/);
    expect(refused('model\\Z').construct).to.equal('\\Z');
    expect(refused('(?i)model').construct).to.equal('inline flags');
    expect(refused('a(?i:b)').construct).to.equal('inline flags');
    expect(refused('a++').construct).to.equal('a possessive quantifier');
    expect(refused('(?>a)').construct).to.equal('an atomic group');
    expect(refused('(?<n>a)').hint).to.match(/\(\?P<name>/);
    expect(refused('(?P<n>a)(?P=n)').construct).to.equal('(?P=name)');
    expect(refused('\\q').construct).to.equal('\\q');
    expect(refused('a{,3}').hint).to.match(/\{0,n\}/);
  });

  it('point at the offending construct', () => {
    expect(refused('abc(?i)')).to.include({ at: 3, length: 3 });
  });

  it('report plain syntax errors from the regex engine', () => {
    expect(refused('a(b').reason).to.match(/Unterminated group/);
    expect(refused('a\\').reason).to.match(/lone backslash/);
  });
});
