import { expect } from 'chai';
import { byteSize, bytesPerElement, DTYPE_NAMES, dtypeInfo, isDType, isSubByte } from '../../runtime/src/index.js';
import { dtypeFromDLPack, dtypeOfTypedArray } from '../../runtime/src/dtype.js';

describe('runtime/dtype', () => {
  it('encodes the low-precision types as DLPack does (dlpack.h DLDataTypeCode)', () => {
    expect(dtypeInfo('bfloat16')).to.deep.equal({ code: 4, bits: 16, lanes: 1 });
    expect(dtypeInfo('float16')).to.deep.equal({ code: 2, bits: 16, lanes: 1 });
    expect(dtypeInfo('float8_e4m3fn')).to.deep.equal({ code: 10, bits: 8, lanes: 1 });
    expect(dtypeInfo('float8_e5m2')).to.deep.equal({ code: 12, bits: 8, lanes: 1 });
    expect(dtypeInfo('float8_e8m0fnu')).to.deep.equal({ code: 14, bits: 8, lanes: 1 });
    expect(dtypeInfo('float4_e2m1fn')).to.deep.equal({ code: 17, bits: 4, lanes: 1 });
  });

  it('maps every DLPack triple back to its name', () => {
    for (const name of DTYPE_NAMES) {
      const { code, bits, lanes } = dtypeInfo(name);
      expect(dtypeFromDLPack(code, bits, lanes)).to.equal(name);
    }
    expect(dtypeFromDLPack(5, 64, 1)).to.equal(undefined); // complex64: not named
  });

  it('counts packed sub-byte storage in whole bytes, rounding up', () => {
    expect(isSubByte('int4')).to.equal(true);
    expect(isSubByte('uint8')).to.equal(false);
    expect(byteSize('int4', 7)).to.equal(4);
    expect(byteSize('float4_e2m1fn', 8)).to.equal(4);
    expect(byteSize('bfloat16', 3)).to.equal(6);
    expect(bytesPerElement('float64')).to.equal(8);
  });

  it('names a TypedArray by its element type (16-bit floats need an explicit dtype)', () => {
    expect(dtypeOfTypedArray(new Float32Array(1))).to.equal('float32');
    expect(dtypeOfTypedArray(new Uint16Array(1))).to.equal('uint16');
    expect(dtypeOfTypedArray(new BigInt64Array(1))).to.equal('int64');
    expect(dtypeOfTypedArray(Buffer.alloc(1))).to.equal('uint8');
    expect(isDType('float8_e4m3fn')).to.equal(true);
    expect(isDType('float8')).to.equal(false);
  });
});
