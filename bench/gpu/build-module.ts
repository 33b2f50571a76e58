// Builds the CUDA kernel module the GPU benchmark and GPU tests load, on this machine (nvcc
// needs no GPU): `npx tsx bench/gpu/build-module.ts <out-dir> [bench|intx|dyn]` writes
//   <out-dir>/qf_cuda_bench.cu, <out-dir>/libqf_cuda_bench.so, <out-dir>/kernels.json
// (tag -> exported name, inner tensors, repack kind) for bench/gpu/bench_linear.py.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileCudaModule } from '../../codegen/toolchain/index.js';
import { REPO_ROOT } from '../../codegen/toolchain/paths.js';
import { generateCudaModule } from '../../codegen/cuda/module.js';
import { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } from '../../codegen/cuda/headers.js';
import { intxSpecs } from './intx-kernel-set.js';
import { dynSpecs } from './dyn-kernel-set.js';
import { sparseSpecs } from './sparse-kernel-set.js';
import { mxSpecs } from './mx-kernel-set.js';
import { gemm8Specs } from './gemm8-kernel-set.js';
import { benchSpecs } from './kernel-set.js';

// Optional second argument: the kernel set, `bench` (kernel-set.ts, default) or `intx`
// (intx-kernel-set.ts, scripts/gpu/intx-check.sh) or `dyn` (dyn-kernel-set.ts, scripts/gpu/dyn-check.sh)
// or `sparse` (sparse-kernel-set.ts, scripts/gpu/sparse-check.sh) or `mx` (mx-kernel-set.ts, scripts/gpu/mx-check.sh)
// or `gemm8` (gemm8-kernel-set.ts, scripts/gpu/gemm8-check.sh).
const SETS = { bench: benchSpecs, intx: intxSpecs, dyn: dynSpecs, sparse: sparseSpecs, mx: mxSpecs, gemm8: gemm8Specs } as const;
const outDir = resolve(process.argv[2] ?? join(REPO_ROOT, 'build', 'gpu'));
const setName = (process.argv[3] ?? 'bench') as keyof typeof SETS;
if (!SETS[setName]) throw new Error(`unknown kernel set '${setName}' (${Object.keys(SETS).join(', ')})`);
mkdirSync(outDir, { recursive: true });
const specs = SETS[setName]();
const { source, entries } = generateCudaModule(Object.values(specs));
const byName = new Map(entries.map((e) => [e.name, e]));
const table: Record<string, unknown> = {};
for (const [tag, spec] of Object.entries(specs)) {
  const e = [...byName.values()].find((x) => JSON.stringify(x.spec) === JSON.stringify(spec));
  if (!e) throw new Error(`kernel for ${tag} missing`);
  table[tag] = { ...e.format, name: e.name, spec: spec.format };
}
writeFileSync(join(outDir, 'qf_cuda_bench.cu'), source);
const started = Date.now();
const mod = await compileCudaModule({
  source,
  name: 'qf_cuda_bench',
  // the mx set instantiates six decode policies: its sm_90a cubin alone keeps the carried module under 10 MB
  ptx: setName !== 'mx',
  includeDirs: [CUDA_INCLUDE_DIR, CUDA_EXTRA_INCLUDE_DIR],
  // QF_CUDA_LINEINFO=0 drops the line tables (Nsight source view): about half the module's size.
  extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`, ...(process.env.QF_CUDA_LINEINFO === '0' ? [] : ['-lineinfo'])],
});
copyFileSync(mod.path, join(outDir, 'libqf_cuda_bench.so'));
writeFileSync(join(outDir, 'kernels.json'), JSON.stringify(table, null, 2));
console.log(`${mod.cached ? 'cached' : 'compiled'} ${mod.path} in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${outDir}`);
