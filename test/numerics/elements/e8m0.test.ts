import { expect } from 'chai';
import { decodeE8M0, encodeE8M0Exponent, E8M0_TABLE } from '../../../src/numerics/elements/e8m0.js';
import { fromFloat64, toFloat64 } from '../../../src/numerics/host-codec.js';
import { goldenCaseIds, loadGoldenCase } from '../formats/golden-case.js';

describe('float8_e8m0fnu', () => {
  it('decodes every byte to 2^(byte-127), 255 to NaN, as torch does', function () {
    for (let b = 0; b < 255; b++) expect(decodeE8M0(b)).to.equal(2 ** (b - 127));
    expect(Number.isNaN(decodeE8M0(255))).to.equal(true);
    const ids = goldenCaseIds(/^prim__fp4_fp6_codec$/);
    if (ids.length === 0) this.skip();
    const golden = toFloat64(loadGoldenCase(ids[0]).tensor('decode.e8m0'));
    for (let b = 0; b < 256; b++) expect(Object.is(golden[b], E8M0_TABLE[b]) || b === 255).to.equal(true);
  });
  it('encodes exponents and round-trips every byte through HostTensors', () => {
    expect(encodeE8M0Exponent(-127)).to.equal(0);
    expect(encodeE8M0Exponent(127)).to.equal(254);
    expect(() => encodeE8M0Exponent(128)).to.throw(/exponent 128/);
    const values = Array.from(E8M0_TABLE);
    const t = fromFloat64(values, 'float8_e8m0fnu', [256]);
    expect(Array.from(t.data)).to.deep.equal(Array.from({ length: 256 }, (_, i) => i));
  });
});
