import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfiBytes, loadModule, Tensor, tvmFfiVersion, TvmFfiError, type Module } from '../../runtime/src/index.js';
import { cpuTestModule } from './fixtures/compiled.js';

/** Deterministic pseudo-random floats in [-1, 1) (no zeros-only data). */
function randomF32(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** The kernel's contract: each row accumulated in double in k order, rounded once to float32. */
function referenceGemv(w: (r: number, c: number) => number, x: (c: number) => number, n: number, k: number): Float32Array {
  return Float32Array.from({ length: n }, (_, r) => {
    let acc = 0;
    for (let c = 0; c < k; c++) acc += w(r, c) * x(c);
    return Math.fround(acc);
  });
}

describe('runtime/module: calling a compiled kernel library', function () {
  this.timeout(120_000); // first run compiles the library (cached afterwards)
  let mod: Module;
  before(async () => (mod = await cpuTestModule()));

  it('reports the loaded tvm-ffi version', () => {
    expect(tvmFfiVersion()).to.match(/^0\.1\.\d+$/);
  });

  it('add_one writes x + 1 into a caller-allocated output', () => {
    const x = Tensor.fromTypedArray(new Float32Array([1, 2.5, -3, 1e6]));
    const y = Tensor.empty([4], 'float32');
    expect(mod.fn('add_one').call(x, y)).to.equal(undefined);
    expect([...(y.typedArray() as Float32Array)]).to.deep.equal([2, 3.5, -2, 1e6 + 1]);
  });

  it('add_one follows explicit strides and byte offsets in place (every other element of a Buffer)', () => {
    const buf = Buffer.alloc(4 * 10);
    const all = new Float32Array(buf.buffer, buf.byteOffset, 10);
    all.set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const odd = Tensor.fromBuffer(buf, { dtype: 'float32', shape: [5], strides: [2], byteOffset: 4 });
    mod.fn('add_one').call(odd, odd);
    expect([...all]).to.deep.equal([0, 2, 2, 4, 4, 6, 6, 8, 8, 10]);
  });

  it('gemv_f32 matches the reference exactly on random data', () => {
    const [n, k] = [37, 53];
    const w = randomF32(n * k, 1);
    const x = randomF32(k, 2);
    const y = Tensor.empty([n], 'float32');
    mod.fn('gemv_f32').call(Tensor.fromTypedArray(w, { shape: [n, k] }), Tensor.fromTypedArray(x), y);
    expect(y.typedArray()).to.deep.equal(referenceGemv((r, c) => w[r * k + c], (c) => x[c], n, k));
  });

  it('gemv_f32 reads a transposed weight view (strides [1, N]) without a copy', () => {
    const [n, k] = [16, 24];
    const wt = randomF32(k * n, 3); // stored as W^T, [K, N] row-major
    const x = randomF32(k, 4);
    const y = Tensor.empty([n], 'float32');
    const wView = Tensor.fromTypedArray(wt, { shape: [n, k], strides: [1, n] });
    mod.fn('gemv_f32').call(wView, Tensor.fromTypedArray(x), y);
    expect(y.typedArray()).to.deep.equal(referenceGemv((r, c) => wt[c * n + r], (c) => x[c], n, k));
  });

  it('passes ints, floats, bools, strings and bytes, and returns them as JS values', () => {
    expect(mod.fn('add_ints').call(40, 2)).to.equal(42);
    expect(mod.fn('add_ints').call(2n ** 40n, 1n)).to.equal(2 ** 40 + 1);
    expect(mod.fn('scale').call(1.25, 4)).to.equal(5);
    expect(mod.fn('negate').call(false)).to.equal(true);
    expect(mod.fn('greet').call('quantforge runtime')).to.equal('hello, quantforge runtime!');
    expect(mod.fn('greet').call('é')).to.equal('hello, é!');
    expect(mod.fn('byte_count').call(new FfiBytes(Buffer.alloc(1234)))).to.equal(1234);
  });

  it('hands the kernel the dtype, shape, strides and first byte a view describes', () => {
    const buf = Buffer.from([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 11, 12]);
    const cases: [Tensor, string][] = [
      [Tensor.fromBuffer(buf, { dtype: 'bfloat16', shape: [2, 2], strides: [3, 1], byteOffset: 2 }), 'bfloat16[2,2] strides[3,1] first=7'],
      [Tensor.fromBuffer(buf, { dtype: 'float16', shape: [3] }), 'float16[3] strides[1] first=9'],
      [Tensor.fromBuffer(buf, { dtype: 'float8_e4m3fn', shape: [3, 4] }), 'float8_e4m3fn[3,4] strides[4,1] first=9'],
      [Tensor.fromBuffer(buf, { dtype: 'float8_e5m2', shape: [1], byteOffset: 11 }), 'float8_e5m2[1] strides[1] first=12'],
      [Tensor.fromBuffer(buf, { dtype: 'float8_e8m0fnu', shape: [4], byteOffset: 4 }), 'float8_e8m0fnu[4] strides[1] first=5'],
      [Tensor.fromBuffer(buf, { dtype: 'int4', shape: [2, 4] }), 'int4[2,4] strides[4,1] first=9'],
      [Tensor.fromBuffer(buf, { dtype: 'uint8', shape: [12] }), 'uint8[12] strides[1] first=9'],
    ];
    for (const [t, want] of cases) expect(mod.fn('describe').call(t)).to.equal(want);
  });

  it('returns a tensor a kernel allocated as a zero-copy host Tensor', () => {
    const t = mod.fn('arange_f32').call(6) as Tensor;
    expect(t).to.be.instanceOf(Tensor);
    expect(t.shape).to.deep.equal([6]);
    expect([...(t.typedArray() as Float32Array)]).to.deep.equal([0, 1, 2, 3, 4, 5]);
  });

  it("exposes each function's type schema (kernels are built with metadata)", () => {
    const meta = mod.metadata('gemv_f32') as { type_schema: { args: { type: string }[] } };
    expect(meta.type_schema.args.map((a) => a.type)).to.deep.equal(['None', 'DLTensor*', 'DLTensor*', 'DLTensor*']);
    expect(mod.has('gemv_f32')).to.equal(true);
    expect(mod.has('gemv_f64')).to.equal(false);
  });

  it('returns the same Module for the same path', () => {
    expect(loadModule(mod.path)).to.equal(mod);
  });

  describe('loading failures are JS errors', () => {
    it('a missing function names the module and the symbol', () => {
      expect(() => mod.fn('no_such_kernel')).to.throw(TvmFfiError, /has no function 'no_such_kernel' \(no exported symbol __tvm_ffi_no_such_kernel\)/);
    });

    it('a corrupt .so names the file and says why the loader refused it', () => {
      const dir = mkdtempSync(join(tmpdir(), 'qf-corrupt-'));
      const path = join(dir, 'corrupt.so');
      writeFileSync(path, Buffer.from('\x7fELF this is not really a shared library'));
      expect(() => loadModule(path)).to.throw(TvmFfiError, /cannot load TVM-FFI module .*corrupt\.so: .*(invalid ELF header|too short|file too short)/);
    });

    it('a path with no file is refused before native code', () => {
      expect(() => loadModule('/nonexistent/kernels.so')).to.throw(TvmFfiError, /no module file at \/nonexistent\/kernels\.so/);
    });
  });
});
