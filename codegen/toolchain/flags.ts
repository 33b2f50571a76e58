// Compiler flags for generated kernels (guide §3.8), as data. CPU targets are named ISAs, each
// mapping to -march; CUDA targets are SM architectures, compiled to a cubin plus PTX so that a
// driver can JIT the code where no cubin matches.

/** CPU instruction sets kernels are specialised for (the runtime picks one per machine). */
export const CPU_ISA_FLAGS = {
  /** Any x86-64: SSE2 only. */
  'x86-64': ['-march=x86-64', '-mtune=generic'],
  /** SSE4.2, POPCNT (Nehalem and later). */
  'x86-64-v2': ['-march=x86-64-v2', '-mtune=generic'],
  /** AVX2, FMA, F16C, BMI2 (Haswell, Zen 1 and later). */
  'x86-64-v3': ['-march=x86-64-v3', '-mtune=generic'],
  /** AVX-512 F/BW/CD/DQ/VL (Skylake-SP, Zen 4 and later). */
  'x86-64-v4': ['-march=x86-64-v4', '-mtune=generic'],
  /** AVX-512 with BF16, FP16 and AMX (Sapphire Rapids). */
  sapphirerapids: ['-march=sapphirerapids'],
  /** Armv8.2-A with fp16 and dot product (Graviton 2, Neoverse N1). */
  'armv8.2-a': ['-march=armv8.2-a+fp16+dotprod'],
  /** The machine doing the compile (never for bundles that travel). */
  native: ['-march=native'],
} as const;

export type CpuIsa = keyof typeof CPU_ISA_FLAGS;

export function isCpuIsa(v: string): v is CpuIsa {
  return Object.prototype.hasOwnProperty.call(CPU_ISA_FLAGS, v);
}

/** Flags shared by every kernel library: C++17, PIC, only __tvm_ffi_* exported, metadata on. */
export const COMMON_CXX_FLAGS = ['-std=c++17', '-O3', '-fPIC', '-fvisibility=hidden', '-DTVM_FFI_DLL_EXPORT_INCLUDE_METADATA=1'];

/** The linker version script: the .so exports exactly the TVM-FFI entry points (guide §3.1). */
export const EXPORT_MAP = '{ global: __tvm_ffi_*; local: *; };\n';

export function cpuFlags(isa: CpuIsa, openmp: boolean): string[] {
  return [...COMMON_CXX_FLAGS, ...CPU_ISA_FLAGS[isa], ...(openmp ? ['-fopenmp'] : [])];
}

/** CUDA architectures we emit for; `a` variants enable wgmma/TMA and run only on that SM. */
export const CUDA_ARCHS = ['sm_90a', 'sm_90', 'sm_89', 'sm_80'] as const;
export type CudaArch = (typeof CUDA_ARCHS)[number];

export function isCudaArch(v: string): v is CudaArch {
  return (CUDA_ARCHS as readonly string[]).includes(v);
}

/** -gencode pairs: a cubin for `arch` plus PTX for the same virtual architecture. */
export function cudaGencode(arch: CudaArch, ptx: boolean): string[] {
  const virt = arch.replace('sm_', 'compute_');
  const out = ['-gencode', `arch=${virt},code=${arch}`];
  if (ptx) out.push('-gencode', `arch=${virt},code=${virt}`);
  return out;
}
