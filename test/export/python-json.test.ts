// pyJsonDumps writes what Python's json.dumps writes (default separators, ensure_ascii,
// float repr), which torchao's safetensors metadata is made of.
import { expect } from 'chai';
import fc from 'fast-check';
import { pyFloat, pyFloatRepr, pyJsonDumps } from '../../src/export/torchao/python-json.js';

describe('export/torchao python-json', () => {
  it('uses Python separators and keeps key order', () => {
    expect(pyJsonDumps({ b: [1, 2], a: { _type: 'PerRow', _data: { dim: -1 } }, c: null, d: true })).to.equal(
      '{"b": [1, 2], "a": {"_type": "PerRow", "_data": {"dim": -1}}, "c": null, "d": true}',
    );
  });

  it('writes floats as Python repr does', () => {
    const cases: [number, string][] = [
      [4, '4.0'],
      [0.5, '0.5'],
      [1e-6, '1e-06'],
      [1e-4, '0.0001'],
      [1.5e-5, '1.5e-05'],
      [1e16, '1e+16'],
      [123456789012345.6, '123456789012345.6'],
      [-2.25, '-2.25'],
      [0, '0.0'],
      [Infinity, 'Infinity'],
      [NaN, 'NaN'],
      [448, '448.0'],
      [3.4028234663852886e38, '3.4028234663852886e+38'],
    ];
    for (const [x, text] of cases) expect(pyFloatRepr(x), String(x)).to.equal(text);
    expect(pyJsonDumps({ hp_value_ub: pyFloat(4) })).to.equal('{"hp_value_ub": 4.0}');
  });

  it('escapes non-ASCII and control characters as ensure_ascii does', () => {
    expect(pyJsonDumps('é"\\\n\u0001😀')).to.equal('"\\u00e9\\"\\\\\\n\\u0001\\ud83d\\ude00"');
  });

  it('refuses a non-integer number that is not marked as a Python float', () => {
    expect(() => pyJsonDumps(0.5)).to.throw(/pyFloat/);
  });

  it('parses back to the same finite values', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(JSON.parse(pyFloatRepr(x))).to.equal(x === 0 ? 0 : x);
      }),
    );
  });
});
