// The mixed-input wgmma GEMM (codegen/cuda/include/qf/mixed_wgmma.cuh, M = 17..256):
//  * the activation order permute_x_kernel writes puts, under every k16 step's B column, the k
//    that the weight lane's A register holds there (replayed here from the PTX fragment layouts);
//  * the kernels compile for sm_90a with wgmma taking A from registers, without stack frame or
//    spills, and without ptxas serializing the wgmmas (C7513 / C7520: a lost tensor-core pipeline
//    shows up only as a slow kernel). Skipped where no nvcc is installed.
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CUDA_INCLUDE_DIR } from '../../../codegen/cuda/headers.js';
import { findNvcc } from '../../../codegen/toolchain/index.js';

/** permute_x_kernel within one chunk of 4E k: stored position -> source k (replay of its loops). */
function permutedChunk(E: number): number[] {
  const stored = new Array<number>(4 * E).fill(-1);
  for (let c = 0; c < E / 8; c++) {
    for (let t = 0; t < 4; t++) {
      // piece t: k = E t + 8c .. +7 as 4 words of 2; unit 4c + m takes word m of every piece
      for (let m = 0; m < 4; m++) {
        for (let h = 0; h < 2; h++) stored[8 * (4 * c + m) + 2 * t + h] = E * t + 8 * c + 2 * m + h;
      }
    }
  }
  return stored;
}

describe('codegen/cuda: mixed-input wgmma (mixed_wgmma.cuh)', function () {
  this.timeout(300_000);

  for (const E of [32, 16]) {
    it(`pairs every weight element with its own k (lane slice of ${E}, chunk of ${4 * E})`, function () {
      const stored = permutedChunk(E);
      expect([...stored].sort((a, b) => a - b)).to.deep.equal([...Array(4 * E).keys()]); // a permutation
      for (let s = 0; s < E / 4; s++) {
        for (let t = 0; t < 4; t++) {
          for (let j = 0; j < 2; j++) {
            // A (wgmma register layout = mma.m16n8k16): a0/a1 hold logical k 2t + j, a2/a3 k 2t + 8 + j;
            // the policy's unpack puts lane elements 4s + j and 4s + 2 + j there (weight k = E t + ...).
            // B column of logical k kk in step s: stored position 16 s + kk.
            expect(stored[16 * s + 2 * t + j], `step ${s} t ${t} lo ${j}`).to.equal(E * t + 4 * s + j);
            expect(stored[16 * s + 8 + 2 * t + j], `step ${s} t ${t} hi ${j}`).to.equal(E * t + 4 * s + 2 + j);
          }
        }
      }
    });
  }

  it('compiles for sm_90a: register-A wgmma, no stack frame or spills, no serialized wgmma', function () {
    const nvcc = findNvcc();
    if (!nvcc) this.skip(); // no CUDA compiler on this machine: bash scripts/setup.sh installs the wheels
    const policies = ['Int4Grouped<128>', 'Bytes8RowScaled<DecodeInt8, false>', 'Bytes8RowScaled<DecodeFp8<__NV_E4M3>, false>'];
    // linear_op.cuh's always-compiled defaults (linear_defaults.h) 402, 406, 407, 429 (K split over
    // clusters of 2, y through shared memory), 432 (K split), and the tuning cfg 420 (x multicast to 2)
    const geometries = [
      '2, 128, 2, 4',
      '1, 32, 4, 8',
      '2, 64, 4, 6',
      '1, 32, 4, 8, 2, 1, false, true',
      '1, 64, 4, 6, 2',
      '2, 128, 2, 4, 1, 2',
    ];
    const lines = policies.flatMap((p) =>
      geometries.map(
        (g) =>
          `template const char* launch_mixed_wgmma<${p}, ${g}>(const __nv_bfloat16*, __nv_bfloat16*, int, int, int, ` +
          `const uint8_t*, ${p}::Args, const float*, const __nv_bfloat16*, __nv_bfloat16*, cudaStream_t);`,
      ),
    );
    const dir = mkdtempSync(join(tmpdir(), 'qf-mixm-'));
    try {
      writeFileSync(join(dir, 'k.cu'), `#include "qf/mixed_wgmma.cuh"\nnamespace qf::mixm {\n${lines.join('\n')}\n}\n`);
      const common = ['-std=c++17', '-O3', '-gencode=arch=compute_90a,code=sm_90a', `-I${CUDA_INCLUDE_DIR}`];
      execFileSync(nvcc!, [...common, '-ptx', join(dir, 'k.cu'), '-o', join(dir, 'k.ptx')]);
      const ptx = readFileSync(join(dir, 'k.ptx'), 'utf8');
      // register A: the operand after the accumulators is a braced list of four 32-bit registers
      expect(ptx).to.match(/wgmma\.mma_async\.sync\.aligned\.m64n128k16\.f32\.bf16\.bf16 \{[^}]*\}, \{%r\d+, %r\d+, %r\d+, %r\d+\}/);
      expect(ptx).to.contain('cp.async.bulk.tensor.2d');
      expect(ptx).to.contain('ld.shared::cluster.v4.f32'); // the split-K partial sums meet in rank 0
      expect(ptx).to.contain('multicast::cluster'); // x stages shared by two CTAs
      const run = spawnSync(nvcc!, [...common, '-Xptxas', '-v', '-c', join(dir, 'k.cu'), '-o', join(dir, 'k.o')], {
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).to.equal(0);
      const report = run.stderr;
      expect(report, 'ptxas serialized wgmma instructions').not.to.match(/C75(13|20)/);
      const kernels = [...report.matchAll(/Compiling entry function '(\w*mixed_wgmma_kernel\w*)'/g)];
      expect(kernels.length, `ptxas report:\n${report}`).to.equal(lines.length);
      const frames = [...report.matchAll(/(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads/g)];
      for (const f of frames) expect([f[1], f[2], f[3]], `ptxas report:\n${report}`).to.deep.equal(['0', '0', '0']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
