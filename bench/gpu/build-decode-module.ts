// Builds the small CUDA module scripts/gpu/decode-check.sh carries (nvcc needs no GPU): only the
// weight-only formats bench/gpu/bench_decode.py times or checks, so the build stays under 10 MB.
//   npx tsx bench/gpu/build-decode-module.ts [out-dir = build/gpu-decode]
// writes <out-dir>/libqf_cuda_bench.so and <out-dir>/kernels.json (the layout qf_module.py loads).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileCudaModule } from '../../codegen/toolchain/index.js';
import { REPO_ROOT } from '../../codegen/toolchain/paths.js';
import { generateCudaModule } from '../../codegen/cuda/module.js';
import { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } from '../../codegen/cuda/headers.js';
import { benchSpecs } from './kernel-set.js';

/** Tags of kernel-set.ts that bench_decode.py uses. */
export const DECODE_TAGS = [
  'int4_plain_g128',
  'int4_tinygemm_g128',
  'int8_row',
  'fp8_row',
  'int4_plain_g64',
  'int4_plain_g32',
  'fp8_tensor',
] as const;

const outDir = resolve(process.argv[2] ?? join(REPO_ROOT, 'build', 'gpu-decode'));
mkdirSync(outDir, { recursive: true });
const all = benchSpecs();
const specs = Object.fromEntries(DECODE_TAGS.map((t) => [t, all[t]]));
const { source, entries } = generateCudaModule(Object.values(specs));
const table: Record<string, unknown> = {};
for (const [tag, spec] of Object.entries(specs)) {
  const e = entries.find((x) => JSON.stringify(x.spec) === JSON.stringify(spec));
  if (!e) throw new Error(`build-decode-module: no generated kernel for tag ${tag}`);
  table[tag] = { ...e.format, name: e.name, spec: spec.format };
}
const started = Date.now();
const mod = await compileCudaModule({
  source,
  name: 'qf_cuda_decode',
  includeDirs: [CUDA_INCLUDE_DIR, CUDA_EXTRA_INCLUDE_DIR],
  extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`, '-lineinfo'],
});
copyFileSync(mod.path, join(outDir, 'libqf_cuda_bench.so'));
writeFileSync(join(outDir, 'kernels.json'), JSON.stringify(table, null, 2));
console.log(`${mod.cached ? 'cached' : 'compiled'} in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${outDir}`);
