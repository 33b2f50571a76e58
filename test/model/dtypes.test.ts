import { expect } from 'chai';
import { SAFETENSORS_DTYPES } from '../../runtime/src/safetensors/index.js';
import { bytesPerElement, toDType, toSafetensorsDType } from '../../src/model/dtypes.js';
import { SAFETENSORS_DTYPE_BITS } from '../../runtime/src/safetensors/index.js';

describe('model/dtypes: safetensors names <-> DType', () => {
  it('maps every DType to a safetensors dtype of the same width and back', () => {
    const mapped = SAFETENSORS_DTYPES.filter((d) => toDType(d) !== null);
    expect(mapped).to.have.length(13);
    for (const st of mapped) {
      const dt = toDType(st)!;
      expect(toSafetensorsDType(dt)).to.equal(st);
      expect(bytesPerElement(dt) * 8).to.equal(SAFETENSORS_DTYPE_BITS[st]);
    }
  });

  it('names the float8 types as torch does', () => {
    expect([toDType('F8_E4M3'), toDType('F8_E5M2'), toDType('F8_E8M0')]).to.deep.equal([
      'float8_e4m3fn',
      'float8_e5m2',
      'float8_e8m0fnu',
    ]);
  });

  it('has no DType for unsigned wide integers, complex and packed sub-byte floats', () => {
    for (const st of ['U16', 'U32', 'U64', 'C64', 'F4', 'F6_E2M3', 'F6_E3M2'] as const)
      expect(toDType(st)).to.equal(null);
  });
});
