// Builds the CUDA kernels scripts/gpu/golden-check.sh carries (nvcc needs no GPU): the groups of
// bench/gpu/golden-kernel-set.ts, one module each,
//   npx tsx bench/gpu/build-golden-modules.ts [out-dir] [golden-dir ...]
// writes <out-dir>/<group>/{kernels.json, libqf_cuda_bench.so} (build-module.ts's layout, which
// the backend's QF_CUDA_MODULE_DIR lookup and the GPU tests read), <out-dir>/modules.txt (the
// group folders, one a line) and <out-dir>/cases.txt (case -> kernels, then the cases the
// backend does not run with why). Small to carry: sm_90a cubins only (no PTX, no line tables),
// host symbol tables stripped; the fatbin is left uncompressed (--compress-mode=none), since
// golden-check.sh carries the modules xz-compressed: 12.4 MB -> 1.2 MB for a 10-kernel module,
// where nvcc's default compression and xz over it give 3.5 MB -> 1.8 MB.
// Defaults: build/gpu-golden, then ../shared/golden and .gpu/golden where present.
// QF_GOLDEN_PART: kernels per module (default 10); QF_GOLDEN_JOBS: parallel nvcc runs (default 1);
// QF_CUDA_INCLUDE: the kernel headers to compile against (default codegen/cuda/include; pack
// passes HEAD's, so that headers being edited in the working tree stay out).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } from '../../codegen/cuda/headers.js';
import { generateCudaModule } from '../../codegen/cuda/module.js';
import { compileCudaModule } from '../../codegen/toolchain/index.js';
import { REPO_ROOT } from '../../codegen/toolchain/paths.js';
import { canonicalJson } from '../../src/ir/kernel-spec.js';
import { goldenKernelSet, type GoldenKernelGroup } from './golden-kernel-set.js';

const outDir = resolve(process.argv[2] ?? join(REPO_ROOT, 'build', 'gpu-golden'));
const goldenDirs =
  process.argv.length > 3
    ? process.argv.slice(3)
    : [join(REPO_ROOT, '..', 'shared', 'golden'), join(REPO_ROOT, '.gpu', 'golden')].filter(existsSync);
const perPart = Number(process.env.QF_GOLDEN_PART ?? 10);
const jobs = Number(process.env.QF_GOLDEN_JOBS ?? 1);
const include = resolve(process.env.QF_CUDA_INCLUDE ?? CUDA_INCLUDE_DIR);
if (!Number.isInteger(perPart) || perPart < 1 || !Number.isInteger(jobs) || jobs < 1) {
  throw new Error(
    `QF_GOLDEN_PART (${process.env.QF_GOLDEN_PART}) and QF_GOLDEN_JOBS (${process.env.QF_GOLDEN_JOBS}) must be positive integers`,
  );
}

const set = goldenKernelSet(goldenDirs, perPart);
const total = set.groups.reduce((n, g) => n + Object.keys(g.kernels).length, 0);
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
console.log(
  `${set.cases} golden cases in ${goldenDirs.join(', ')}: ${set.used.size} run on CUDA; ${total} kernels in ${set.groups.length} modules -> ${outDir} (headers ${include})`,
);

async function build(g: GoldenKernelGroup): Promise<string> {
  const dir = join(outDir, g.name);
  mkdirSync(dir, { recursive: true });
  const { source, entries } = generateCudaModule(Object.values(g.kernels));
  const table: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(g.kernels)) {
    const e = entries.find((x) => canonicalJson(x.spec) === canonicalJson(spec));
    if (!e) throw new Error(`${g.name}: kernel ${key} missing from the generated module`);
    table[key] = { ...e.format, name: e.name, spec: spec.format };
  }
  const started = Date.now();
  const mod = await compileCudaModule({
    source,
    name: `qf_golden_${g.name.replace(/-/g, '_')}`,
    ptx: false,
    includeDirs: [include, CUDA_EXTRA_INCLUDE_DIR],
    extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest(include)}`, '--compress-mode=none'],
  });
  const so = join(dir, 'libqf_cuda_bench.so');
  copyFileSync(mod.path, so);
  // .symtab only: the exported TVM-FFI functions stay in .dynsym, the kernels in the fatbin
  execFileSync('strip', ['--strip-unneeded', so]);
  writeFileSync(join(dir, 'kernels.json'), JSON.stringify(table, null, 2));
  const mb = (statSync(so).size / 2 ** 20).toFixed(1);
  const how = mod.cached ? 'cached' : `compiled in ${((Date.now() - started) / 1000).toFixed(0)} s`;
  console.log(`${g.name}: ${entries.length} kernels (${Object.keys(g.kernels).join(' ')}), ${mb} MB, ${how}`);
  return dir;
}

const dirs: string[] = new Array(set.groups.length);
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(jobs, set.groups.length) }, async () => {
    while (next < set.groups.length) {
      const i = next++;
      dirs[i] = await build(set.groups[i]);
    }
  }),
);
writeFileSync(join(outDir, 'modules.txt'), dirs.map((d) => relative(REPO_ROOT, d)).join('\n') + '\n');
const lines = [
  '# case \t kernels (kernels.json keys) the cuda backend uses',
  ...[...set.used].map(([id, keys]) => `${id}\t${[...new Set(keys)].join(' ')}`),
  '# case \t - \t why the cuda backend does not run it',
  ...[...set.notRun].map(([id, why]) => `${id}\t-\t${why}`),
];
writeFileSync(join(outDir, 'cases.txt'), lines.join('\n') + '\n');
console.log(`${set.notRun.size} config cases not run on CUDA (why: ${relative(REPO_ROOT, join(outDir, 'cases.txt'))})`);
