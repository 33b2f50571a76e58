// `build --device cuda` on a machine without a GPU: a clear refusal that says what to do, and no
// bundle left behind. (On a GPU, test/build/quantize-cuda.gpu.test.ts checks the kernels.)
import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { cuda } from '../../runtime/src/index.js';
import { createCudaQuantizer } from '../../src/build/quantize-cuda.js';
import { writeTinyModel } from './fixtures.js';

describe('build --device cuda without a GPU', function () {
  this.timeout(300_000);
  before(function () {
    if (cuda.isAvailable()) this.skip(); // a GPU is here: the .gpu test covers this path
  });

  it('createCudaQuantizer refuses, naming --device cpu', async () => {
    const err = await createCudaQuantizer({ modulePath: '/nonexistent.so' }).catch((e: unknown) => e as Error);
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message).to.match(
      /--device cuda: no CUDA device is available here \(build with --device cpu/,
    );
  });

  it('the CLI exits non-zero with that message and writes no bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qf-cuda-'));
    try {
      writeTinyModel(dir);
      const recipe = join(dir, 'tiny.quant');
      writeFileSync(recipe, 'quant 1\nrecipe tiny {\n  default -> Int8WeightOnlyConfig()\n}\n');
      let err = '';
      const out = join(dir, 'cuda.bundle');
      const code = await main(
        ['build', recipe, '--model', dir, '-o', out, '--device', 'cuda', '--no-kernels', '--quiet'],
        {
          stdout: () => {},
          stderr: (t) => (err += t),
          isTTY: false,
        },
      );
      expect(code).to.not.equal(0);
      expect(err).to.match(/no CUDA device is available here/);
      expect(existsSync(out)).to.equal(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
