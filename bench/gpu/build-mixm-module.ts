// Builds the small CUDA module scripts/gpu/mixm-check.sh carries (nvcc needs no GPU): the
// weight-only formats bench/gpu/bench_mixm.py checks and times, with the mixed-input wgmma tuning
// configurations (-DQF_MIXM_TUNING, linear_op.cuh cfg 400-407) compiled in.
//   npx tsx bench/gpu/build-mixm-module.ts [out-dir = build/gpu-mixm]
// writes <out-dir>/libqf_cuda_bench.so and <out-dir>/kernels.json (the layout qf_module.py loads).
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileCudaModule } from '../../codegen/toolchain/index.js';
import { REPO_ROOT } from '../../codegen/toolchain/paths.js';
import { generateCudaModule } from '../../codegen/cuda/module.js';
import { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } from '../../codegen/cuda/headers.js';
import { benchSpecs } from './kernel-set.js';

/** Tags of kernel-set.ts that bench_mixm.py uses (int4_plain_g32: a non-folded group size). */
export const MIXM_TAGS = ['int4_plain_g128', 'int4_tinygemm_g128', 'int8_row', 'fp8_row', 'int4_plain_g32'] as const;

const outDir = resolve(process.argv[2] ?? join(REPO_ROOT, 'build', 'gpu-mixm'));
mkdirSync(outDir, { recursive: true });
const all = benchSpecs();
const specs = Object.fromEntries(MIXM_TAGS.map((t) => [t, all[t]]));
const { source, entries } = generateCudaModule(Object.values(specs));
const table: Record<string, unknown> = {};
for (const [tag, spec] of Object.entries(specs)) {
  const e = entries.find((x) => JSON.stringify(x.spec) === JSON.stringify(spec));
  if (!e) throw new Error(`build-mixm-module: no generated kernel for tag ${tag}`);
  table[tag] = { ...e.format, name: e.name, spec: spec.format };
}
const started = Date.now();
const mod = await compileCudaModule({
  source,
  name: 'qf_cuda_mixm',
  ptx: false,
  includeDirs: [CUDA_INCLUDE_DIR, CUDA_EXTRA_INCLUDE_DIR],
  extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`, '-DQF_MIXM_TUNING'],
});
copyFileSync(mod.path, join(outDir, 'libqf_cuda_bench.so'));
writeFileSync(join(outDir, 'kernels.json'), JSON.stringify(table, null, 2));
const mb = statSync(mod.path).size / 2 ** 20;
console.log(`${mod.cached ? 'cached' : 'compiled'} in ${((Date.now() - started) / 1000).toFixed(1)} s, ${mb.toFixed(1)} MB -> ${outDir}`);
