// The persistent wgmma int8 GEMM (codegen/cuda/include/qf/gemm8_persistent.cuh; int8 dynamic
// cfg 8-18) compiles for sm_90a as NOTES.md describes it: every tile and cluster shape builds, no
// wgmma is serialized by ptxas, the 128x256 kernels (the tile the dispatch prefers) keep their
// 128 accumulators in registers without spills, and the PTX has the pieces the pipeline relies
// on (setmaxnreg hand-off, TMA multicast for clusters, griddepcontrol.wait for PDL).
// Skipped where no nvcc is installed.
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR } from '../../../codegen/cuda/headers.js';
import { findNvcc } from '../../../codegen/toolchain/index.js';

/** <kBM, kCM, kCN, kBK>: every shape launch_gemm8_persistent dispatches to. */
const SHAPES = [
  '128, 1, 1, 128',
  '128, 2, 1, 128',
  '128, 2, 2, 128',
  '256, 1, 1, 128',
  '256, 1, 2, 128',
  '256, 2, 2, 128',
  '128, 1, 1, 64',
  '128, 2, 1, 64',
  '128, 2, 2, 64',
  '256, 2, 2, 64',
  '128, 1, 1, 128, true', // y stored by TMA from shared memory (cfg 20 / 19)
  '256, 1, 1, 128, true',
] as const;

const instantiation = (shape: string): string =>
  `template __global__ void gemm8_persistent_kernel<${shape}>(const __grid_constant__ CUtensorMap, const __grid_constant__ CUtensorMap, ` +
  `const __grid_constant__ CUtensorMap, int, int, int, ` +
  `Int8DynEpilogue, __nv_bfloat16*);`;

describe('codegen/cuda: persistent wgmma int8 GEMM', function () {

  this.timeout(300_000);

  it('compiles every tile and cluster shape for sm_90a, wgmma unserialized, 128x256 without spills', function () {
    const nvcc = findNvcc();
    if (!nvcc) this.skip(); // no CUDA compiler on this machine: bash scripts/setup.sh installs the wheels
    const dir = mkdtempSync(join(tmpdir(), 'qf-gemm8-'));
    try {
      writeFileSync(join(dir, 'k.cu'), `#include "qf/gemm8_persistent.cuh"\nnamespace qf::wgp {\n${SHAPES.map(instantiation).join('\n')}\n}\n`);
      const common = [
        '-std=c++17',
        '-O3',
        '-gencode=arch=compute_90a,code=sm_90a',
        `-I${CUDA_INCLUDE_DIR}`,
        ...(existsSync(CUDA_EXTRA_INCLUDE_DIR) ? [`-I${CUDA_EXTRA_INCLUDE_DIR}`] : []),
      ];
      execFileSync(nvcc!, [...common, '-ptx', join(dir, 'k.cu'), '-o', join(dir, 'k.ptx')]);
      const ptx = readFileSync(join(dir, 'k.ptx'), 'utf8');
      for (const piece of [
        'setmaxnreg.dec.sync.aligned.u32 40',
        'setmaxnreg.inc.sync.aligned.u32 232',
        'griddepcontrol.wait',
        'multicast::cluster',
        'wgmma.mma_async.sync.aligned.m64n256k32.s32.s8.s8',
        'wgmma.mma_async.sync.aligned.m64n128k32.s32.s8.s8',
        'cp.async.bulk.tensor.2d.global.shared::cta.bulk_group',
        'fence.proxy.async.shared::cta',
      ]) {
        expect(ptx, piece).to.contain(piece);
      }
      const run = spawnSync(nvcc!, [...common, '-Xptxas', '-v', '-c', join(dir, 'k.cu'), '-o', join(dir, 'k.o')], { encoding: 'utf8' });
      expect(run.status, run.stderr).to.equal(0);
      const report = run.stderr; // ptxas writes its resource report to stderr
      expect(report, 'ptxas serialized wgmma').to.not.match(/Performance Loss|serialized/i);
      // One "Compiling entry function" line per kernel, each followed by its stack/spill line.
      const blocks = report.split(/Compiling entry function/).slice(1);
      expect(blocks.length, report).to.equal(SHAPES.length);
      for (const b of blocks) {
        const shape = /gemm8_persistent_kernelILi(\d+)ELi(\d)ELi(\d)ELi(\d+)ELb[01]E/.exec(b);
        expect(shape, b).to.not.equal(null);
        const spill = /(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads/.exec(b);
        expect(spill, b).to.not.equal(null);
        if (shape![1] === '128') expect([spill![2], spill![3]], `${shape![0]} spills:\n${b}`).to.deep.equal(['0', '0']);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
