// The single switch point between the numerics oracle and compiled quantize kernels.
//
// Every weight of a build is quantized through the Quantizer chosen here. Today that is the
// TypeScript oracle (src/numerics), bit-exact with torchao; when the kernel engineers' compiled
// `quantize_weight` kernels exist for the build's device, `selectQuantizer` returns one backed
// by them, and the manifest's `quantizer` field records which one produced the weights.
import type { FloatDType, FormatSpec } from '../ir/format.js';
import { dequantizeWeight, quantizeWeight, supportsFormat } from '../numerics/index.js';
import type { HostTensor, QuantizedWeight } from '../numerics/host-tensor.js';
import type { BuiltKernels } from './kernels.js';

export interface Quantizer {
  /** Recorded in the manifest: `oracle` or `kernels:<target>`. */
  name: string;
  /** null when supported, else why not (checked for every format before any compute). */
  unsupported(spec: FormatSpec): string | null;
  quantize(spec: FormatSpec, w: HostTensor): QuantizedWeight;
  dequantize(spec: FormatSpec, q: QuantizedWeight, dtype: FloatDType): HostTensor;
}

export const oracleQuantizer: Quantizer = {
  name: 'oracle',
  unsupported: supportsFormat,
  quantize: quantizeWeight,
  dequantize: dequantizeWeight,
};

/** Compiled kernels when they cover the device, else the oracle. */
export async function selectQuantizer(device: 'cpu' | 'cuda', kernels: BuiltKernels): Promise<Quantizer> {
  if (device === 'cpu') {
    // the bundle's own compiled quantize_weight kernels (src/build/quantize-cpu.ts), else the oracle
    const { createCpuQuantizer } = await import('./quantize-cpu.js');
    return (await createCpuQuantizer(kernels)) ?? oracleQuantizer;
  }
  // --device cuda: the CUDA quantize kernels (quantize-cuda.ts), the oracle for layouts they
  // do not cover; loaded only here so that CPU builds never touch the GPU runtime
  const { createCudaQuantizer } = await import('./quantize-cuda.js');
  return createCudaQuantizer();
}
