import { expect } from 'chai';
import { Tensor, TvmFfiError, type Module } from '../../runtime/src/index.js';
import { cpuTestModule } from './fixtures/compiled.js';

describe('runtime/async: callAsync runs kernels on a worker thread', function () {
  this.timeout(120_000);
  let mod: Module;
  before(async () => (mod = await cpuTestModule()));

  it('resolves with the result and writes outputs in place', async () => {
    const x = Tensor.fromTypedArray(new Float32Array([10, 20, 30]));
    const y = Tensor.empty([3], 'float32');
    expect(await mod.fn('add_one').callAsync(x, y)).to.equal(undefined);
    expect([...(y.typedArray() as Float32Array)]).to.deep.equal([11, 21, 31]);
    expect(await mod.fn('greet').callAsync('worker')).to.equal('hello, worker!');
  });

  it('keeps the event loop running while the kernel works', async () => {
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(Date.now()), 5);
    const result = await mod.fn('sleep_ms').callAsync(120);
    clearInterval(timer);
    expect(result).to.equal(120);
    expect(ticks.length).to.be.greaterThan(5);
  });

  it('runs calls concurrently on the libuv pool', async () => {
    const start = Date.now();
    await Promise.all([1, 2, 3].map(() => mod.fn('sleep_ms').callAsync(150)));
    expect(Date.now() - start).to.be.lessThan(400); // serial would take 450 ms
  });

  it('rejects with the kernel error taken on the worker thread', async () => {
    let err: unknown;
    await mod.fn('fail').callAsync('from a worker').catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(TvmFfiError);
    expect((err as TvmFfiError).kind).to.equal('ValueError');
    expect((err as TvmFfiError).ffiMessage).to.equal('kernel says: from a worker');
  });

  it('rejects a disposed tensor before queuing any work', async () => {
    const x = Tensor.empty([3], 'float32');
    x.dispose();
    let err: unknown;
    await mod.fn('add_one').callAsync(x, Tensor.empty([3], 'float32')).catch((e: unknown) => (err = e));
    expect((err as Error).message).to.match(/argument 0: the tensor was disposed/);
  });
});
