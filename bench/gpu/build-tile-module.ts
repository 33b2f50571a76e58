// Builds the small CUDA module scripts/gpu/tile-check.sh carries (issue #7, decode v11; nvcc
// needs no GPU): the formats bench/gpu/bench_tile.py checks and times, each with only the v5
// defaults it compares against and the v11 configurations (bench/gpu/tile_bench_op.cuh), so the
// module stays well under 10 MB.
//   npx tsx bench/gpu/build-tile-module.ts [out-dir = build/gpu-tile]
// writes <out-dir>/libqf_cuda_bench.so and <out-dir>/kernels.json (the layout qf_module.py loads),
// and the translation unit and nvcc command to /tmp/qf-tile-src (scripts/tile-sass.sh reads
// registers, spills and the SASS instruction counts from them).
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCudaModule } from '../../codegen/toolchain/index.js';
import { REPO_ROOT } from '../../codegen/toolchain/paths.js';
import { generateCudaModule } from '../../codegen/cuda/module.js';
import { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } from '../../codegen/cuda/headers.js';
import { benchSpecs } from './kernel-set.js';

/** Tags of kernel-set.ts that bench_tile.py uses. */
export const TILE_TAGS = ['int4_plain_g128', 'int4_tinygemm_g128', 'int8_row', 'fp8_row', 'nvfp4_pts', 'mxfp4'] as const;

/** The generated module with the tile-check op in place of the production ones. */
export function tileModuleSource(source: string): string {
  const swapped = source
    .replace(/qf::LinearOp<F>/g, 'qf::TileBenchOp<F>')
    .replace(/qf::BlockWeightOp<([^>]*>?)>/g, 'qf::TileBenchOp<$1>');
  if (!swapped.includes('qf::TileBenchOp<')) throw new Error('build-tile-module: no linear op to swap in the generated source');
  return `#include "tile_bench_op.cuh"\n${swapped}`;
}

const outDir = resolve(process.argv[2] ?? join(REPO_ROOT, 'build', 'gpu-tile'));
mkdirSync(outDir, { recursive: true });
const all = benchSpecs();
const specs = Object.fromEntries(TILE_TAGS.map((t) => [t, all[t]]));
const { source, entries } = generateCudaModule(Object.values(specs));
const table: Record<string, unknown> = {};
for (const [tag, spec] of Object.entries(specs)) {
  const e = entries.find((x) => JSON.stringify(x.spec) === JSON.stringify(spec));
  if (!e) throw new Error(`build-tile-module: no generated kernel for tag ${tag}`);
  table[tag] = { ...e.format, name: e.name, spec: spec.format };
}
const started = Date.now();
const here = dirname(fileURLToPath(import.meta.url));
const tileOpDigest = createHash('sha256').update(readFileSync(join(here, 'tile_bench_op.cuh'))).digest('hex').slice(0, 16);
const mod = await compileCudaModule({
  source: tileModuleSource(source),
  name: 'qf_cuda_tile',
  includeDirs: [CUDA_INCLUDE_DIR, CUDA_EXTRA_INCLUDE_DIR, here],
  // tile_bench_op.cuh is outside the digested header tree: its own digest keeps the cache honest.
  extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`, `-DQF_TILE_OP_DIGEST=${tileOpDigest}`, '-lineinfo'],
});
mkdirSync('/tmp/qf-tile-src', { recursive: true });
writeFileSync('/tmp/qf-tile-src/module.cu', tileModuleSource(source));
writeFileSync('/tmp/qf-tile-src/command.json', JSON.stringify(mod.command));
copyFileSync(mod.path, join(outDir, 'libqf_cuda_bench.so'));
writeFileSync(join(outDir, 'kernels.json'), JSON.stringify(table, null, 2));
console.log(`${mod.cached ? 'cached' : 'compiled'} in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${outDir}`);
