import { expect } from 'chai';
import { ArgumentError, Tensor } from '../../runtime/src/index.js';
import { native } from '../../runtime/src/native.js';

describe('runtime/Tensor (host views)', () => {
  it('wraps a TypedArray without copying: writes through the tensor show in the array', () => {
    const a = new Float32Array([1, 2, 3, 4, 5, 6]);
    const t = Tensor.fromTypedArray(a, { shape: [2, 3] });
    expect(t.dtype).to.equal('float32');
    expect(t.strides).to.deep.equal([3, 1]);
    (t.typedArray() as Float32Array)[4] = 50;
    expect(a[4]).to.equal(50);
  });

  it('wraps Buffer bytes as any dtype, with explicit strides and a byte offset', () => {
    const buf = Buffer.alloc(64);
    const t = Tensor.fromBuffer(buf, { dtype: 'bfloat16', shape: [3, 2], strides: [4, 1], byteOffset: 8 });
    expect(t.shape).to.deep.equal([3, 2]);
    expect(t.isContiguous).to.equal(false);
    expect(t.storage().buffer).to.equal(buf.buffer);
  });

  it('defaults to a 1-D view over the whole buffer, counting packed sub-byte elements', () => {
    expect(Tensor.fromBuffer(Buffer.alloc(6), { dtype: 'int4' }).shape).to.deep.equal([12]);
    expect(Tensor.fromBuffer(new ArrayBuffer(16), { dtype: 'float8_e4m3fn' }).shape).to.deep.equal([16]);
  });

  it('rejects a view that reaches past its storage, naming the tensor and the byte it reaches', () => {
    const make = () => Tensor.fromBuffer(Buffer.alloc(16), { dtype: 'float32', shape: [2, 2], strides: [3, 1] });
    expect(make).to.throw(ArgumentError, /out of bounds: shape \[2, 2\] with strides \[3, 1\] at byteOffset 0 reaches byte 20, but the storage has 16 bytes/);
  });

  it('rejects negative or fractional sizes, mismatched strides, misaligned offsets, strided packed data', () => {
    const buf = Buffer.alloc(64);
    expect(() => Tensor.fromBuffer(buf, { dtype: 'float32', shape: [-1] })).to.throw(/shape\[0\] must be a non-negative integer/);
    expect(() => Tensor.fromBuffer(buf, { dtype: 'float32', shape: [2], strides: [1, 1] })).to.throw(/strides has 2 entries but shape has 1/);
    expect(() => Tensor.fromBuffer(buf, { dtype: 'float32', shape: [2], byteOffset: 2 })).to.throw(/not a multiple of the float32 element size 4/);
    expect(() => Tensor.fromBuffer(buf, { dtype: 'int4', shape: [4], strides: [2] })).to.throw(/int4 is packed and must be contiguous/);
  });

  it('allocates zeroed, 64-byte aligned memory by default', () => {
    for (const shape of [[1], [3, 5], [7, 1, 9]]) {
      const t = Tensor.empty(shape, 'float32');
      expect(native().addressOf(t.bytes()) % 64n).to.equal(0n);
      expect([...(t.typedArray() as Float32Array)].every((v) => v === 0)).to.equal(true);
    }
    expect(() => Tensor.empty([2], 'float32', { alignment: 48 })).to.throw(/power of two/);
  });

  it('refuses use after dispose', () => {
    const t = Tensor.empty([4], 'uint8');
    t.dispose();
    expect(t.disposed).to.equal(true);
    expect(() => t.bytes()).to.throw(ArgumentError, /was disposed/);
  });
});
