// The v11 tile decode (codegen/cuda/include/qf/decode_tile.cuh, issue #7):
//  * its launch geometry (decode_tile_grid.h, plain C++ built with g++ here): one wave of blocks,
//    at most 8 K slices (one thread-block cluster), every chunk in exactly one slice, the staged x
//    slice within the shared-memory budget, and shapes the kernel cannot take refused;
//  * the kernels compile for sm_90a with every array in registers for the geometries of cfg 300 /
//    304 / 310 / 313 (a spill puts local-memory traffic beside the weight stream), the K slices meet
//    through distributed shared memory and cluster barriers, and the fp16 variants really run fp16
//    mma. Skipped where no nvcc is installed.
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CUDA_INCLUDE_DIR } from '../../../codegen/cuda/headers.js';
import { findNvcc, tvmFfiPaths } from '../../../codegen/toolchain/index.js';
import { runHostProgram } from './host-program.js';

interface Grid {
  ok: boolean;
  bx: number;
  S: number;
  slice: number;
  smem: number;
}

/** Runs tile_grid on the CPU for each [geometry, chunkK, M, K, N, sms]. */
function grids(cases: readonly (readonly number[])[]): Grid[] {
  const rows = cases.map((c) => `{${c.join(', ')}}`).join(',\n    ');
  return runHostProgram(`#include <cstdio>
#include "qf/decode_tile_grid.h"
int main() {
  const int cases[][9] = {
    ${rows}};
  for (const auto& c : cases) {
    qf::TileGrid g{};
    const bool ok = qf::tile_grid(qf::TileGeometry{c[0], c[1], c[2], c[3]}, c[4], c[5], c[6], c[7], c[8], &g);
    std::printf("{\\"ok\\": %s, \\"bx\\": %d, \\"S\\": %d, \\"slice\\": %d, \\"smem\\": %zu}\\n", ok ? "true" : "false",
                g.bx, g.S, g.slice_chunks, g.smem);
  }
}
`).map((l) => JSON.parse(l) as Grid);
}

const SMS = 132;
const CFG300 = [1, 4, 4, 4]; // <MT, NT, WN, minBlocks>
const CFG310 = [2, 4, 4, 3];
const SHAPES = [
  [14336, 4096],
  [4096, 14336],
  [4096, 4096],
  [6144, 4096],
  [4104, 4096],
] as const;

describe('codegen/cuda: v11 tile decode', function () {
  this.timeout(600_000);

  describe('launch geometry (decode_tile_grid.h)', function () {
    it('covers every chunk once with at most 8 slices, about one wave, within the shared-memory budget', function () {
      const cases: number[][] = [];
      for (const geometry of [CFG300, CFG310])
        for (const chunkK of [128, 64])
          for (const M of [1, 3, 8, 16])
            for (const [N, K] of SHAPES) cases.push([...geometry, chunkK, M, K, N, SMS]);
      const out = grids(cases);
      out.forEach((g, i) => {
        const [MT, NT, WN, minBlocks, chunkK, , K, N] = cases[i]!;
        const where = `case ${JSON.stringify(cases[i])} -> ${JSON.stringify(g)}`;
        const KC = K! / chunkK!;
        expect(g.ok, where).to.equal(true);
        expect(g.S, where).to.be.within(1, 8);
        expect(g.S * g.slice, where).to.be.at.least(KC); // every chunk in a slice
        expect((g.S - 1) * g.slice, where).to.be.below(KC); // no empty slice
        expect(g.bx * WN! * NT! * 8, where).to.be.at.least(N!); // every channel in a block
        expect(g.smem, where).to.be.at.most(96 * 1024);
        // one wave (min_blocks blocks per SM) unless the channel groups alone exceed it (then one slice)
        if (g.S > 1) expect(g.bx * g.S, where).to.be.at.most(minBlocks! * SMS);
        expect(MT! * 8, where).to.be.oneOf([8, 16]);
      });
    });

    it('takes more slices when the x slice of 16 tokens would not fit, and refuses what cannot fit', function () {
      // 16 tokens x K = 65536: 2 MB of x; 8 slices of 8192 are still 278 KB -> refused
      const [big, narrow, wide] = grids([
        [...CFG310, 128, 16, 65536, 4096, SMS],
        [...CFG300, 128, 1, 4096, 24, SMS], // 3 n-tiles < NT = 4
        [...CFG310, 128, 16, 14336, 57344, SMS], // many channel groups: S = 1 would need 17 x 14344 x 2 bytes
      ]);
      expect(big!.ok).to.equal(false);
      expect(narrow!.ok).to.equal(false);
      expect(wide!.ok).to.equal(true);
      expect(wide!.S).to.be.at.least(2);
      expect(wide!.smem).to.be.at.most(96 * 1024);
    });
  });

  describe('kernels (nvcc, sm_90a)', function () {
    const POLICIES = {
      int4_g128: 'Int4Grouped<128>',
      int8_row: 'Bytes8RowScaled<DecodeInt8, false>',
      fp8_row: 'Bytes8RowScaled<DecodeFp8<__NV_E4M3>, false>',
      mxfp4: 'Fp4Split<32, false>',
      nvfp4: 'Fp4Split<16, true>',
    } as const;
    /** <MT, NT, WN, U, minBlocks> of cfg 300 and 310. */
    const GEOMETRIES = ['1, 4, 4, 2, 4', '2, 4, 4, 2, 3'] as const;

    function instantiations(): string[] {
      const out: string[] = [];
      const inst = (policy: string, geometry: string, qs: number, half: boolean): string =>
        `template __global__ void decode_tile_kernel<${policy}, ${geometry}, ${qs}, ${half}>(const __nv_bfloat16*, int, int, ` +
        `int, const uint8_t*, ${policy}::Args, const float*, const __nv_bfloat16*, __nv_bfloat16*, int);`;
      for (const g of GEOMETRIES) {
        for (const half of [false, true]) out.push(inst(POLICIES.int4_g128, g, 1, half), inst(POLICIES.int4_g128, g, 2, half));
        for (const p of [POLICIES.int8_row, POLICIES.fp8_row]) out.push(inst(p, g, 0, false), inst(p, g, 0, true));
        for (const p of [POLICIES.mxfp4, POLICIES.nvfp4]) out.push(inst(p, g, 0, false));
      }
      return out;
    }

    it('compile without stack frame or spills; slices meet through DSMEM; fp16 variants run fp16 mma', function () {
      const nvcc = findNvcc();
      if (!nvcc) this.skip(); // no CUDA compiler on this machine: bash scripts/setup.sh installs the wheels
      const dir = mkdtempSync(join(tmpdir(), 'qf-decode-tile-'));
      try {
        const lines = instantiations();
        writeFileSync(
          join(dir, 'k.cu'),
          `#include "qf/decode_tile.cuh"\n#include "qf/block_fp4_split.cuh"\nnamespace qf {\n${lines.join('\n')}\n}\n`,
        );
        const common = ['-std=c++17', '-O3', '-gencode=arch=compute_90a,code=sm_90a', `-I${CUDA_INCLUDE_DIR}`];
        common.push(`-I${tvmFfiPaths().includeDir}`); // the fp4 policy's header includes the host op
        execFileSync(nvcc!, [...common, '-ptx', join(dir, 'k.cu'), '-o', join(dir, 'k.ptx')]);
        const ptx = readFileSync(join(dir, 'k.ptx'), 'utf8');
        expect(ptx).to.match(/mapa\.u64/); // addresses of the other slices' partials (DSMEM)
        expect(ptx).to.match(/barrier\.cluster\.arrive/);
        expect(ptx).to.contain('mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32');
        expect(ptx).to.contain('mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32');
        const run = spawnSync(nvcc!, [...common, '-Xptxas', '-v', '-c', join(dir, 'k.cu'), '-o', join(dir, 'k.o')], {
          encoding: 'utf8',
        });
        expect(run.status, run.stderr).to.equal(0);
        const frames = [
          ...run.stderr.matchAll(
            /Function properties for \S*decode_tile_kernel\S*\s+(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads/g,
          ),
        ];
        expect(frames.length, `ptxas report:\n${run.stderr}`).to.equal(lines.length);
        for (const f of frames) expect([f[1], f[2], f[3]], `ptxas report:\n${run.stderr}`).to.deep.equal(['0', '0', '0']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
