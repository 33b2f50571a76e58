import { expect } from 'chai';
import { ArgumentError, Tensor, TvmFfiError, type Module, type Signature } from '../../runtime/src/index.js';
import { cpuTestModule } from './fixtures/compiled.js';

const GEMV: Signature = {
  args: [
    { kind: 'tensor', name: 'W', dtype: 'float32', shape: ['N', 'K'], device: 'cpu' },
    { kind: 'tensor', name: 'x', dtype: 'float32', shape: ['K'], device: 'cpu' },
    { kind: 'tensor', name: 'y', dtype: 'float32', shape: ['N'], device: 'cpu' },
  ],
};

function f32(n: number): Tensor {
  return Tensor.fromTypedArray(Float32Array.from({ length: n }, (_, i) => i + 1));
}

describe('runtime/errors: bad calls throw JS errors and the process lives on', function () {
  this.timeout(120_000);
  let mod: Module;
  before(async () => (mod = await cpuTestModule()));
  afterEach(() => {
    // After every failure the same library still computes correctly.
    const y = Tensor.empty([3], 'float32');
    mod.fn('add_one').call(f32(3), y);
    expect([...(y.typedArray() as Float32Array)]).to.deep.equal([2, 3, 4]);
  });

  describe('errors raised by the kernel carry its message and kind', () => {
    it('wrong dtype → the kernel TypeError', () => {
      const x = Tensor.fromTypedArray(new Int32Array(3));
      const err = catchError(() => mod.fn('add_one').call(x, Tensor.empty([3], 'float32')));
      expect(err).to.be.instanceOf(TvmFfiError);
      expect(err.kind).to.equal('TypeError');
      expect(err.ffiMessage).to.match(/x must be float32, got int32$/);
      expect(err.functionName).to.equal('add_one');
      expect(err.message).to.match(/^add_one: TypeError: .*x must be float32, got int32$/);
    });

    it('wrong shape → the kernel ValueError', () => {
      const err = catchError(() => mod.fn('gemv_f32').call(Tensor.fromTypedArray(new Float32Array(6), { shape: [2, 3] }), f32(4), f32(2)));
      expect(err.kind).to.equal('ValueError');
      expect(err.ffiMessage).to.match(/shape mismatch: W is \[2, 3\], x is \[4\], y is \[2\]$/);
    });

    it('an explicit throw in the kernel, with a backtrace', () => {
      const err = catchError(() => mod.fn('fail').call('no can do'));
      expect(err.kind).to.equal('ValueError');
      expect(err.ffiMessage).to.equal('kernel says: no can do');
      expect(err.ffiBacktrace).to.be.a('string');
    });

    it('wrong arity and wrong scalar types → tvm-ffi TypeErrors', () => {
      expect(catchError(() => mod.fn('add_ints').call(1)).ffiMessage).to.match(/Expected 2 but got 1 arguments/);
      expect(catchError(() => mod.fn('add_ints').call(1.5, 2)).kind).to.equal('TypeError');
      expect(catchError(() => mod.fn('greet').call(3)).kind).to.equal('TypeError');
    });
  });

  describe('tensors are validated in TypeScript before native code, naming the argument', () => {
    it('a disposed (freed) tensor', () => {
      const x = f32(3);
      x.dispose();
      const err = catchError(() => mod.fn('add_one').call(x, Tensor.empty([3], 'float32')));
      expect(err).to.be.instanceOf(ArgumentError);
      expect(err.message).to.equal('add_one: ValueError: argument 0: the tensor was disposed');
    });

    it('a tensor whose ArrayBuffer was transferred away', () => {
      const buf = new ArrayBuffer(12);
      const x = Tensor.fromBuffer(buf, { dtype: 'float32', shape: [3] });
      structuredClone(buf, { transfer: [buf] });
      const err = catchError(() => mod.fn('add_one').call(x, Tensor.empty([3], 'float32')));
      expect(err.message).to.match(/argument 0: its memory was detached/);
    });

    it('an out-of-bounds view cannot even be built', () => {
      expect(() => Tensor.fromBuffer(Buffer.alloc(8), { dtype: 'float32', shape: [3] })).to.throw(ArgumentError, /out of bounds/);
    });

    it('a view misaligned for its element type (a Buffer slice at an odd offset)', () => {
      const raw = Buffer.alloc(32);
      const x = Tensor.fromBuffer(raw.subarray(1, 13), { dtype: 'float32', shape: [3] });
      const err = catchError(() => mod.fn('add_one').call(x, Tensor.empty([3], 'float32')));
      expect(err.message).to.match(/argument 0: data is not aligned to its 4-byte float32 elements/);
    });

    it('values with no TVM-FFI meaning', () => {
      expect(catchError(() => mod.fn('add_ints').call({ a: 1 }, 2)).message).to.match(/argument 0: cannot pass Object to a TVM-FFI function/);
      expect(catchError(() => mod.fn('add_ints').call(1, () => 2)).message).to.match(/argument 1: cannot pass function/);
    });

    it('a declared signature checks dtype, rank, shared dimensions and arity', () => {
      const gemv = mod.fn('gemv_f32', GEMV);
      const w = Tensor.fromTypedArray(new Float32Array(6), { shape: [2, 3] });
      expect(catchError(() => gemv.call(w, Tensor.fromTypedArray(new Float64Array(3)), f32(2))).message).to.equal(
        'gemv_f32: TypeError: argument 1 (x): expected dtype float32, got float64',
      );
      expect(catchError(() => gemv.call(w, f32(4), f32(2))).message).to.equal(
        'gemv_f32: ValueError: argument 1 (x): dimension 0 (K) is 4, but K = 3 from an earlier argument; shape [4]',
      );
      expect(catchError(() => gemv.call(f32(6), f32(3), f32(2))).message).to.match(/argument 0 \(W\): expected 2 dimensions \[N, K\], got shape \[6\]/);
      expect(catchError(() => gemv.call(w, f32(3))).message).to.match(/arguments: expected 3 \(W, x, y\), got 2/);
      const y = Tensor.empty([2], 'float32');
      gemv.call(w, f32(3), y);
    });

    it('a signature can demand contiguous tensors', () => {
      const addOne = mod.fn('add_one', {
        args: [
          { kind: 'tensor', name: 'x', dtype: 'float32', shape: ['N'], contiguous: true },
          { kind: 'tensor', name: 'y', dtype: 'float32', shape: ['N'], contiguous: true },
        ],
      });
      const strided = Tensor.fromTypedArray(new Float32Array(6), { shape: [3], strides: [2] });
      expect(catchError(() => addOne.call(strided, Tensor.empty([3], 'float32'))).message).to.equal(
        'add_one: ValueError: argument 0 (x): expected a contiguous tensor, got strides [2]',
      );
      // The signature belongs to that KernelFunction only: a plain lookup still takes strides.
      const y = Tensor.empty([3], 'float32');
      mod.fn('add_one').call(strided, y);
      expect([...(y.typedArray() as Float32Array)]).to.deep.equal([1, 1, 1]);
    });
  });
});

function catchError(body: () => unknown): TvmFfiError {
  try {
    body();
  } catch (e) {
    if (e instanceof TvmFfiError) return e;
    throw e;
  }
  throw new Error('expected the call to throw');
}
