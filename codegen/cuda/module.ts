// KernelSpecs (target 'cuda', op 'linear') -> one CUDA translation unit and the table of what
// it exports. Unsupported formats are reported with the reason, never skipped silently.
import { canonicalJson, kernelName, type KernelSpec } from '../../src/ir/kernel-spec.js';
import { emitCudaModule, type CudaLinearKernel } from './emit.js';
import { cudaLinearFormat, type CudaKernelFormat } from './formats.js';

export interface CudaModuleEntry {
  /** Exported base name (kernelName of the spec). */
  name: string;
  spec: KernelSpec;
  format: CudaKernelFormat;
}

export interface CudaModuleSource {
  source: string;
  entries: CudaModuleEntry[];
}

export class CudaCodegenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CudaCodegenError';
  }
}

/** Generates the CUDA source for a set of linear KernelSpecs (duplicates are merged). */
export function generateCudaModule(specs: readonly KernelSpec[]): CudaModuleSource {
  const entries = new Map<string, CudaModuleEntry>();
  for (const spec of specs) {
    if (spec.target !== 'cuda' || spec.op !== 'linear') {
      throw new CudaCodegenError(`codegen/cuda emits linear kernels for target cuda, got ${spec.op} for ${spec.target}`);
    }
    if (spec.shapeClass.dtype !== 'bfloat16') {
      throw new CudaCodegenError(`CUDA linear kernels take bfloat16 activations, got ${spec.shapeClass.dtype}`);
    }
    const support = cudaLinearFormat(spec.format);
    if (!support.ok) throw new CudaCodegenError(`no CUDA kernel for ${canonicalJson(spec.format)}: ${support.reason}`);
    const name = kernelName(spec);
    entries.set(name, { name, spec, format: support.format });
  }
  const list = [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const kernels: CudaLinearKernel[] = list.map((e) => ({ name: e.name, format: e.format, origin: canonicalJson(e.spec) }));
  return { source: emitCudaModule(kernels), entries: list };
}
