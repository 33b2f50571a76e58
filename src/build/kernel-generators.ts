// The code generators the build knows, one per kernel target: which KernelSpecs each can
// build, how its module is compiled, what its file is called and what the runtime must know
// about each kernel beyond its spec (the CUDA weight layout). Used by kernels.ts.
import { existsSync } from 'node:fs';
import { arch as machineArch } from 'node:os';
import type { Target } from '../ir/recipe.js';
import { weightInnerNames, type KernelOp, type KernelSpec, type KernelTarget } from '../ir/kernel-spec.js';
import type { Json } from '../bundle/manifest.js';
import { generateCpuModule } from '../../codegen/cpu/generate.js';
import { unsupportedReason } from '../../codegen/cpu/instantiate.js';
import { cpuHeadersFingerprint, cpuIncludeDir } from '../../codegen/cpu/paths.js';
import { cudaLinearFormat, type CudaKernelFormat } from '../../codegen/cuda/formats.js';
import { generateCudaModule } from '../../codegen/cuda/module.js';
import { CUDA_EXTRA_INCLUDE_DIR, CUDA_INCLUDE_DIR, cudaHeadersDigest } from '../../codegen/cuda/headers.js';
import { compileCpuModule, compileCudaModule, findNvcc, isCudaArch } from '../../codegen/toolchain/index.js';

export interface CompiledKernels {
  /** The module (anywhere; the hook copies it into the bundle). */
  path: string;
  /** What the module lacks that a reader of the manifest should know. */
  notes: string[];
}

export interface KernelGenerator {
  /** The ops the target's module holds (default all); other specs are not asked for. */
  ops?: readonly KernelOp[];
  /** Why this generator cannot build `spec`, or null. */
  unsupported(spec: KernelSpec): string | null;
  /** Why nothing can be built for `target` on this machine (e.g. no compiler), or null. */
  unavailable?(target: Target): string | null;
  /** The file-name suffix of the target's module: `cpu-<variant>.so`. */
  variant(target: Target): string;
  compile(specs: KernelSpec[], target: Target): Promise<CompiledKernels>;
  /** Per-spec data the runtime needs next to the spec (recorded as the entry's `layouts`). */
  layout?(spec: KernelSpec): Json;
}

const MACHINE_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

// One CPU module per ISA name: the .so itself picks scalar, AVX2 or AVX-512 code at run time
// (codegen/cpu dispatch), so the name records the recipe's `isa` option or the build machine.
const cpu: KernelGenerator = {
  unsupported: unsupportedReason,
  // the kernel's weight arguments in order: torchao omits optional inner tensors (NVFP4's
  // per-tensor scales) that the kernels still take as empty slots
  layout: (spec) => ({ inner: weightInnerNames(spec.format) }),
  variant: (t) => String(t.options.isa ?? MACHINE_ARCH[machineArch()] ?? machineArch()),
  compile: async (specs) => ({
    path: (
      await compileCpuModule({
        source: generateCpuModule(specs),
        name: 'qf_cpu',
        includeDirs: [cpuIncludeDir()],
        extraFlags: [`-DQF_HEADERS=${cpuHeadersFingerprint()}`, '-pthread'],
      })
    ).path,
    notes: [],
  }),
};

const cudaArch = (t: Target): string => String(t.options.arch ?? 'sm_90a');

/** What runtime/src/ops/cuda-linear.ts reads: inner order, repack kind and tile chunk. */
function cudaLayout(f: CudaKernelFormat): Json {
  if (f.kind === 'dynamic_fp8') return { kind: f.kind, tag: f.tag, inner: f.inner, perTensor: f.perTensor };
  if (f.kind === 'dynamic_int8' || f.kind === 'blockwise_fp8') return { kind: f.kind, tag: f.tag, inner: f.inner };
  if (f.kind === 'sparse_fp8') return { kind: f.kind, tag: f.tag, inner: f.inner, repack: f.repack, repackInner: f.repackInner };
  if (f.kind === 'block') return { kind: f.kind, tag: f.tag, inner: f.inner, repack: f.repack, chunkK: f.chunkK, optional: f.optional };
  return { kind: f.kind, tag: f.tag, inner: f.inner, repack: f.repack, chunkK: f.chunkK };
}

// Linear kernels only: quantize_weight runs in the build's quantizer (src/build/quantize-*.ts)
// and each weight-only linear exports its own `<kernel>__dequantize` and `__repack`.
const cuda: KernelGenerator = {
  ops: ['linear'],
  unsupported(spec) {
    if (spec.shapeClass.dtype !== 'bfloat16')
      return `CUDA linear kernels take bfloat16 activations, not ${spec.shapeClass.dtype}`;
    const s = cudaLinearFormat(spec.format);
    return s.ok ? null : s.reason;
  },
  unavailable(target) {
    const a = cudaArch(target);
    if (!isCudaArch(a)) return `unknown CUDA architecture '${a}' in the recipe's target cuda(arch = ...)`;
    return findNvcc()
      ? null
      : 'nvcc (the CUDA compiler) was not found: run `bash scripts/setup.sh` or set QUANTFORGE_NVCC';
  },
  variant: cudaArch,
  async compile(specs, target) {
    // cuBLASLt's header (scripts/gpu/cublas-headers.sh) is optional: without it the module
    // still holds every decode kernel, and its GEMM paths throw naming the fix.
    const lt = existsSync(`${CUDA_EXTRA_INCLUDE_DIR}/cublasLt.h`);
    // cuSPARSELt's header (scripts/gpu/cusparselt-headers.sh) likewise, for 2:4 sparse float8.
    const slt = existsSync(`${CUDA_EXTRA_INCLUDE_DIR}/cusparseLt.h`);
    const sparse = specs.some((s) => s.format.weight.layout === 'float8_sparse_2x4');
    const mod = await compileCudaModule({
      source: generateCudaModule(specs).source,
      name: 'qf_cuda',
      arch: cudaArch(target) as Parameters<typeof compileCudaModule>[0]['arch'],
      includeDirs: lt || slt ? [CUDA_INCLUDE_DIR, CUDA_EXTRA_INCLUDE_DIR] : [CUDA_INCLUDE_DIR],
      extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`],
    });
    const notes = lt
      ? []
      : [
          'built without cuBLASLt headers (run `bash scripts/gpu/cublas-headers.sh` and rebuild): ' +
            'weight-only linears run for M <= 64, the prefill path (M > 64) and float8 dynamic-activation kernels throw at run time',
        ];
    if (sparse && !slt) {
      notes.push(
        'built without cuSPARSELt headers (run `bash scripts/gpu/cusparselt-headers.sh` and rebuild): 2:4 sparse float8 linears throw at run time',
      );
    }
    return { path: mod.path, notes };
  },
  layout(spec) {
    const s = cudaLinearFormat(spec.format);
    if (!s.ok) throw new Error(`no CUDA layout for an unsupported spec: ${s.reason}`);
    return cudaLayout(s.format);
  },
};

export const generators: Partial<Record<KernelTarget, KernelGenerator>> = { cpu, cuda };
