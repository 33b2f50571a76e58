// The v7 bulk-copy decode kernels (codegen/cuda/include/qf/decode_bulk.cuh) compile for sm_90a
// with every array in registers: ptxas reports no stack frame and no spills for the default
// geometries of linear_op.cuh (a spill there puts local-memory traffic beside the weight stream,
// the regression NOTES.md v7 measures against), and the copy-engine instructions are in the PTX.
// Skipped where no nvcc is installed.
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CUDA_INCLUDE_DIR } from '../../../codegen/cuda/headers.js';
import { findNvcc } from '../../../codegen/toolchain/index.js';

const POLICIES = {
  int4_g128: 'Int4Grouped<128>',
  int8_row: 'Bytes8RowScaled<DecodeInt8, false>',
  fp8_row: 'Bytes8RowScaled<DecodeFp8<__NV_E4M3>, false>',
} as const;

/** <NT, MT, W, CPS, S, minBlocks> of the configurations linear_op.cuh uses by default. */
const GEOMETRIES = ['2, 1, 4, 2, 4, 4', '8, 2, 4, 1, 4, 2'] as const;

function instantiation(policy: string, geometry: string): string {
  return (
    `template __global__ void decode_bulk_kernel<${policy}, ${geometry}, false>(const __nv_bfloat16*, int, int, int, ` +
    `const uint8_t*, ${policy}::Args, const float*, const __nv_bfloat16*, __nv_bfloat16*);`
  );
}

describe('codegen/cuda: v7 bulk-copy decode kernels', function () {
  this.timeout(300_000);

  it('compile for sm_90a without stack frame or spills, with cp.async.bulk on mbarriers', function () {
    const nvcc = findNvcc();
    if (!nvcc) this.skip(); // no CUDA compiler on this machine: bash scripts/setup.sh installs the wheels
    const dir = mkdtempSync(join(tmpdir(), 'qf-decode-bulk-'));
    try {
      const lines = Object.values(POLICIES).flatMap((p) => GEOMETRIES.map((g) => instantiation(p, g)));
      writeFileSync(join(dir, 'k.cu'), `#include "qf/decode_bulk.cuh"\nnamespace qf {\n${lines.join('\n')}\n}\n`);
      const common = ['-std=c++17', '-O3', '-gencode=arch=compute_90a,code=sm_90a', `-I${CUDA_INCLUDE_DIR}`];
      execFileSync(nvcc!, [...common, '-ptx', join(dir, 'k.cu'), '-o', join(dir, 'k.ptx')]);
      const ptx = readFileSync(join(dir, 'k.ptx'), 'utf8');
      expect(ptx).to.contain('cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes');
      expect(ptx).to.contain('mbarrier.try_wait.parity');
      // ptxas writes its resource report to stderr.
      const run = spawnSync(nvcc!, [...common, '-Xptxas', '-v', '-c', join(dir, 'k.cu'), '-o', join(dir, 'k.o')], {
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).to.equal(0);
      const report = run.stderr;
      const frames = [...report.matchAll(/(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads/g)];
      expect(frames.length, `ptxas report:\n${report}`).to.equal(lines.length);
      for (const f of frames) expect([f[1], f[2], f[3]], `ptxas report:\n${report}`).to.deep.equal(['0', '0', '0']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
