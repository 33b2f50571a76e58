// Compile KernelSpecs into one CPU TVM-FFI module with the project's toolchain (cached by
// content: the generated source, flags and the headers' fingerprint). The module carries its
// own run-time ISA dispatch, so it is built for the baseline x86-64 ISA and runs anywhere.
import { compileCpuModule, type CompiledModule } from '../toolchain/index.js';
import type { KernelSpec } from '../../src/ir/kernel-spec.js';
import { generateCpuModule } from './generate.js';
import { cpuHeadersFingerprint, cpuIncludeDir } from './paths.js';

export function compileCpuKernels(specs: readonly KernelSpec[], name = 'qf_cpu'): Promise<CompiledModule> {
  return compileCpuModule({
    source: generateCpuModule(specs),
    name,
    includeDirs: [cpuIncludeDir()],
    extraFlags: [`-DQF_HEADERS=${cpuHeadersFingerprint()}`, '-pthread'],
  });
}
