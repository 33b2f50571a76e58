import { expect } from 'chai';
import { ArgumentError, cuda, cudaDevice, DeviceTensor, loadModule, Tensor, TvmFfiError, type Module } from '../../runtime/src/index.js';
import { cudaTestModulePath } from './fixtures/compiled.js';

// Runs on the GPU machine (`npm run test:gpu`, or scripts/gpu/foundation-check.sh): CUDA kernels
// compiled by our toolchain, called from Node on device tensors, checked against references.

function randomF32(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

describe('runtime/cuda on a GPU', function () {
  this.timeout(120_000);
  let mod: Module;
  before(async function () {
    if (!cuda.isAvailable()) throw new Error(`no GPU: ${cuda.unavailableReason()}`);
    mod = loadModule(await cudaTestModulePath());
  });

  it('sees the device', () => {
    const info = cuda.deviceInfo(0);
    console.log(`      device 0: ${info.name}, compute capability ${info.computeCapability}, ${cuda.deviceCount()} device(s)`);
    expect(cuda.deviceCount()).to.be.greaterThan(0);
    expect(info.computeCapability).to.match(/^\d+\.\d+$/);
  });

  it('round-trips bytes host → device → host', () => {
    const host = Tensor.fromBuffer(Buffer.from(Array.from({ length: 4099 }, (_, i) => (i * 37) & 0xff)), { dtype: 'uint8' });
    using dev = DeviceTensor.fromHost(host);
    expect(dev.nbytes).to.equal(4099);
    expect(Buffer.from(dev.toHost().bytes()).equals(Buffer.from(host.bytes()))).to.equal(true);
  });

  it('add_one_cuda computes x + 1 on 1M floats, exactly', () => {
    const n = 1 << 20;
    const x = randomF32(n, 7);
    using dx = DeviceTensor.fromHost(Tensor.fromTypedArray(x));
    using dy = DeviceTensor.empty([n], 'float32');
    mod.fn('add_one_cuda').call(dx, dy);
    const y = dy.toHost().typedArray() as Float32Array;
    let mismatches = 0;
    for (let i = 0; i < n; i++) if (y[i] !== Math.fround(x[i] + 1)) mismatches++;
    console.log(`      add_one_cuda: ${n} elements, ${mismatches} mismatches`);
    expect(mismatches).to.equal(0);
  });

  it('gemv_f32_cuda matches a float64 reference within float32 rounding', () => {
    const [n, k] = [1024, 4096];
    const w = randomF32(n * k, 11);
    const x = randomF32(k, 12);
    using dw = DeviceTensor.fromHost(Tensor.fromTypedArray(w, { shape: [n, k] }));
    using dx = DeviceTensor.fromHost(Tensor.fromTypedArray(x));
    using dy = DeviceTensor.empty([n], 'float32');
    mod.fn('gemv_f32_cuda').call(dw, dx, dy);
    const y = dy.toHost().typedArray() as Float32Array;
    let worst = 0;
    for (let r = 0; r < n; r++) {
      let ref = 0;
      let mag = 0;
      for (let c = 0; c < k; c++) {
        ref += w[r * k + c] * x[c];
        mag += Math.abs(w[r * k + c] * x[c]);
      }
      worst = Math.max(worst, Math.abs(y[r] - ref) / mag);
    }
    console.log(`      gemv_f32_cuda [${n}x${k}]: worst |y - ref| / sum|w*x| = ${worst.toExponential(2)}`);
    expect(worst).to.be.lessThan(k * 2 ** -24);
  });

  it("passes the runtime's stream to kernels through tvm-ffi's env, on the main thread and on workers", async () => {
    using t = DeviceTensor.empty([1], 'float32');
    const stream = cuda.stream(0);
    expect(stream).to.not.equal(0n);
    expect(BigInt(mod.fn('env_stream').call(t) as number)).to.equal(stream);
    expect(BigInt((await mod.fn('env_stream').callAsync(t)) as number)).to.equal(stream);
  });

  it('callAsync resolves after the GPU work finished', async () => {
    const x = randomF32(1 << 16, 3);
    using dx = DeviceTensor.fromHost(Tensor.fromTypedArray(x));
    using dy = DeviceTensor.empty([1 << 16], 'float32');
    await mod.fn('add_one_cuda').callAsync(dx, dy);
    const y = dy.toHost().typedArray() as Float32Array;
    expect(y.every((v, i) => v === Math.fround(x[i] + 1))).to.equal(true);
  });

  it('device-side errors and freed device tensors become JS errors; the process lives on', () => {
    const di = DeviceTensor.empty([4], 'int32');
    const df = DeviceTensor.empty([4], 'float32');
    let err: unknown;
    try {
      mod.fn('add_one_cuda').call(di, df);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(TvmFfiError);
    expect((err as TvmFfiError).ffiMessage).to.match(/x must be float32, got int32$/);
    df.dispose();
    expect(() => mod.fn('add_one_cuda').call(di, df)).to.throw(ArgumentError, /argument 1: the device tensor was disposed/);
    expect(() => DeviceTensor.empty([4], 'float32', cudaDevice(999))).to.throw(TvmFfiError, /CUDA device 999 does not exist/);
    di.dispose();
  });
});
