// The CUDA kernels scripts/gpu/golden-check.sh carries to the GPU machine, as KernelSpec groups
// (bench/gpu/build-golden-modules.ts compiles one module per group):
// - `tests`: the kernels the Node GPU tests look up by tag in one module folder (the TAGS of
//   test/codegen/cuda/linear.gpu.test.ts and dyn.gpu.test.ts, and sparse-linear's fp8sp_row),
//   keyed by those tags;
// - `part-<i>`: every other kernel the cuda golden backend asks for while it runs the golden
//   cases it takes (backend-cuda-fit.ts), and those of intx.gpu.test.ts's INTX_CASES (it looks
//   kernels up by format in every folder), keyed `<format tag>__<name hash>`.
// A kernel format is built once: the backend and intx.gpu.test.ts find it by format wherever it is.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cudaLinearFormat } from '../../codegen/cuda/formats.js';
import type { FormatSpec } from '../../src/ir/format.js';
import { canonicalJson, kernelName, type KernelSpec } from '../../src/ir/kernel-spec.js';
import { cudaKernelSpecsFor, cudaUnfit } from '../../src/numerics/golden/backend-cuda-fit.js';
import type { GoldenManifest } from '../../src/numerics/golden/case.js';
import { formatSpecFromConfigDict } from '../../src/numerics/golden/format-from-config.js';
import { DYN_FORMATS } from './dyn-kernel-set.js';
import { INTX_CASES } from './intx-kernel-set.js';
import { BENCH_FORMATS } from './kernel-set.js';
import { SPARSE_FORMATS } from './sparse-kernel-set.js';

/** The tags each tag-keyed GPU test reads from its module folder (test/codegen/cuda/<test>.gpu.test.ts). */
export const GPU_TEST_TAGS = {
  linear: ['int4_plain_g128', 'int4_plain_g32', 'int8_row', 'fp8_row', 'fp8dq_row', 'fp8dq_tensor'],
  dyn: ['int8dq_row_sym', 'int8dq_row_asym', 'int8dq_tensor_sym', 'fp8dq_block'],
  'sparse-linear': ['fp8sp_row'],
} as const;

const TEST_FORMATS: Record<string, FormatSpec | undefined> = { ...BENCH_FORMATS, ...DYN_FORMATS, ...SPARSE_FORMATS };

export interface GoldenKernelGroup {
  name: string;
  /** kernels.json key -> spec. */
  kernels: Record<string, KernelSpec>;
}

export interface GoldenKernelSet {
  groups: GoldenKernelGroup[];
  /** case id -> the kernel keys it uses (cases the cuda backend runs). */
  used: Map<string, string[]>;
  /** case id -> why the cuda backend takes no kernel for it (config cases only). */
  notRun: Map<string, string>;
  cases: number;
}

const linearSpec = (format: FormatSpec): KernelSpec => ({
  op: 'linear',
  format,
  target: 'cuda',
  shapeClass: { dtype: 'bfloat16' },
  tile: { rows: 8, tokens: 16 },
});

function formatKey(spec: FormatSpec): string {
  const f = cudaLinearFormat(spec);
  if (!f.ok) throw new Error(`no CUDA kernel for ${canonicalJson(spec)}: ${f.reason}`);
  return canonicalJson(f.format);
}

function tagOf(spec: FormatSpec): string {
  const f = cudaLinearFormat(spec);
  return f.ok ? f.format.tag : 'none';
}

/** The cases of `dirs` (first folder wins on a repeated id) that apply a config to a weight. */
function* configCases(dirs: readonly string[]): Generator<{ id: string; manifest: GoldenManifest }> {
  const seen = new Set<string>();
  for (const dir of dirs) {
    for (const id of readdirSync(dir).sort()) {
      const file = join(dir, id, 'manifest.json');
      if (seen.has(id) || !existsSync(file)) continue;
      seen.add(id);
      yield { id, manifest: JSON.parse(readFileSync(file, 'utf8')) as GoldenManifest };
    }
  }
}

export function goldenKernelSet(goldenDirs: readonly string[], perPart = 10): GoldenKernelSet {
  const tests: Record<string, KernelSpec> = {};
  const placed = new Map<string, string>(); // format key -> kernels.json key
  for (const tag of Object.values(GPU_TEST_TAGS).flat()) {
    const format = TEST_FORMATS[tag];
    if (!format)
      throw new Error(
        `GPU test tag '${tag}' is in no bench kernel set (kernel-set.ts, dyn-kernel-set.ts, sparse-kernel-set.ts)`,
      );
    const key = formatKey(format);
    if (!placed.has(key)) {
      tests[tag] = linearSpec(format);
      placed.set(key, tag);
    }
  }
  const rest = new Map<string, FormatSpec>();
  const want = (spec: FormatSpec): string => {
    const key = formatKey(spec);
    if (!placed.has(key) && !rest.has(key)) rest.set(key, spec);
    return key;
  };
  const used = new Map<string, string[]>();
  const notRun = new Map<string, string>();
  let cases = 0;
  for (const { id, manifest: m } of configCases(goldenDirs)) {
    cases++;
    if (
      m.status === 'not_available' ||
      m.status === 'error' ||
      m.status === 'skipped_by_torchao' ||
      id.startsWith('prim__')
    )
      continue;
    const lookup = formatSpecFromConfigDict(m.config?.config_to_dict);
    if (!('spec' in lookup)) continue;
    const w = m.tensors?.weight;
    const why = w ? cudaUnfit(lookup.spec, w) : 'no weight tensor (a module-selection case)';
    if (why) notRun.set(id, why);
    else used.set(id, cudaKernelSpecsFor(lookup.spec).map(want));
  }
  for (const c of Object.values(INTX_CASES)) want(c.format);
  const groups: GoldenKernelGroup[] = [{ name: 'tests', kernels: tests }];
  const sorted = [...rest.entries()].sort(([ka, a], [kb, b]) =>
    tagOf(a) < tagOf(b) ? -1 : tagOf(a) > tagOf(b) ? 1 : ka < kb ? -1 : 1,
  );
  for (let i = 0; i < sorted.length; i += perPart) {
    const kernels: Record<string, KernelSpec> = {};
    for (const [key, spec] of sorted.slice(i, i + perPart)) {
      const ks = linearSpec(spec);
      const name = `${tagOf(spec)}__${kernelName(ks).slice(-8)}`;
      kernels[name] = ks;
      placed.set(key, name);
    }
    groups.push({ name: `part-${String(i / perPart).padStart(2, '0')}`, kernels });
  }
  for (const [id, keys] of used)
    used.set(
      id,
      keys.map((k) => placed.get(k) ?? k),
    );
  return { groups, used, notRun, cases };
}
