// Compiles the quantize kernels (every policy for every weight dtype) into one cached TVM-FFI
// module with the toolchain. The header digest goes in as a -D flag so that editing a
// qf/quantize_*.cuh header rebuilds the module (the cache keys on source text and flags).
import { compileCudaModule, type CompiledModule, type CudaArch } from '../../toolchain/index.js';
import { CUDA_INCLUDE_DIR, cudaHeadersDigest } from '../headers.js';
import { allQuantizeEntries, emitQuantizeModule } from './emit.js';

export const QUANTIZE_MODULE_NAME = 'qf_quantize';

export function quantizeModuleSource(): string {
  return emitQuantizeModule(allQuantizeEntries());
}

export function compileQuantizeModule(arch: CudaArch = 'sm_90a'): Promise<CompiledModule> {
  return compileCudaModule({
    source: quantizeModuleSource(),
    name: QUANTIZE_MODULE_NAME,
    arch,
    includeDirs: [CUDA_INCLUDE_DIR],
    extraFlags: [`-DQF_HEADERS_DIGEST=${cudaHeadersDigest()}`, '-lineinfo'],
  });
}
