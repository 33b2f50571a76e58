// The toolchain driver: generated C++/CUDA sources → cached TVM-FFI modules (.so).
export { compileCpuModule, compileCudaModule, type CompiledModule, type CpuModuleOptions, type CudaModuleOptions } from './compile.js';
export { CompileError, parseDiagnostics, formatDiagnostic, type CompilerDiagnostic } from './diagnostics.js';
export { CPU_ISA_FLAGS, CUDA_ARCHS, isCpuIsa, isCudaArch, type CpuIsa, type CudaArch } from './flags.js';
export { cacheRoot, findNvcc, tvmFfiPaths, ToolchainError } from './paths.js';
