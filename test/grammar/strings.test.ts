// String literals (dsl.md "Lexical structure"): `\\`, `\"`, `\n`, `\t` are escapes, any other
// backslash sequence is kept as written (so regexes read naturally); raw strings `r"…"` keep
// everything as written but `\"`. Printing quotes a value so that it reads back unchanged.
import { expect } from 'chai';
import fc from 'fast-check';
import { quoteRaw, quoteString, stringValue } from '../../grammar/index.js';

describe('string literals', () => {
  it('understand the four escapes', () => {
    expect(stringValue('"a\\\\b\\"c\\nd\\te"').value).to.equal('a\\b"c\nd\te');
  });

  it('keep any other backslash sequence as written', () => {
    expect(stringValue('"model\\.layers\\.\\d+"').value).to.equal('model\\.layers\\.\\d+');
  });

  it('raw strings keep everything but \\" as written', () => {
    expect(stringValue('r"a\\nb\\\\c\\"d"')).to.deep.equal({ value: 'a\\nb\\\\c"d', raw: true, terminated: true });
  });

  it('know an unterminated string, even one ending in an escaped quote', () => {
    expect(stringValue('"abc').terminated).to.equal(false);
    expect(stringValue('"abc\\"').terminated).to.equal(false);
    expect(stringValue('"abc\\\\"').terminated).to.equal(true);
  });

  it('print regexes without doubling their backslashes', () => {
    expect(quoteString('model\\.layers\\.\\d+')).to.equal('"model\\.layers\\.\\d+"');
    expect(quoteString('a\\nb')).to.equal('"a\\\\nb"');
    expect(quoteString('say "hi"\n')).to.equal('"say \\"hi\\"\\n"');
  });

  it('read back what they print (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).map((s) => s.replace(/\r/g, '')),
        (s) => {
          expect(stringValue(quoteString(s)).value).to.equal(s);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('write raw strings that read back, where a raw string can hold the value (property)', () => {
    expect(quoteRaw('a\\d+')).to.equal('r"a\\d+"');
    expect(quoteRaw('ends\\')).to.equal(null);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const raw = quoteRaw(s);
        if (raw !== null) expect(stringValue(raw).value).to.equal(s);
      }),
      { numRuns: 500 },
    );
  });
});
