import { expect } from 'chai';
import { cuda, cudaDevice, DeviceTensor, loadModule, Tensor, TvmFfiError } from '../../runtime/src/index.js';
import { cudaTestModulePath } from './fixtures/compiled.js';
import { findNvcc } from '../../codegen/toolchain/index.js';

// On a machine without a GPU or driver (CI, the dev machine) every CUDA entry point must fail
// with a clear JS error, never a crash; GPU behaviour is in cuda.gpu.test.ts.
describe('runtime/cuda without a GPU', function () {
  this.timeout(120_000);
  before(function () {
    if (cuda.isAvailable()) this.skip(); // a GPU is present: cuda.gpu.test.ts covers this machine
  });

  it('says CUDA is unavailable, and why', () => {
    expect(cuda.isAvailable()).to.equal(false);
    expect(cuda.deviceCount()).to.equal(0);
    expect(cuda.unavailableReason()).to.match(/libcuda\.so\.1|no usable GPU/);
  });

  it('device allocation, copies and streams throw a RuntimeError naming the reason', () => {
    for (const attempt of [() => DeviceTensor.empty([4], 'float32'), () => DeviceTensor.fromHost(Tensor.empty([4], 'float32')), () => cuda.stream(0), () => cuda.synchronize(0)]) {
      let err: unknown;
      try {
        attempt();
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(TvmFfiError);
      expect((err as TvmFfiError).kind).to.equal('RuntimeError');
      expect((err as TvmFfiError).message).to.match(/CUDA is not available: /);
    }
  });

  it('a CUDA kernel library still loads (nvcc links cudart statically); its host-side checks run', async function () {
    if (!findNvcc()) this.skip(); // reported by the toolchain test; setup.sh installs nvcc
    const mod = loadModule(await cudaTestModulePath());
    const err = (() => {
      try {
        mod.fn('add_one_cuda').call(Tensor.empty([2], 'float32'), Tensor.empty([2], 'float32'));
      } catch (e) {
        return e as TvmFfiError;
      }
      throw new Error('expected a device check to fail');
    })();
    expect(err.ffiMessage).to.match(/x must be a CUDA tensor$/);
    expect(() => cudaDevice(-1)).to.throw(RangeError);
  });
});
