// What verify-golden runs a case on. `ref` is the TypeScript oracle; the kernel engineers
// implement GoldenBackend over compiled CPU/CUDA kernels and add one line to `BACKENDS`.
// A backend that cannot run a format says why (`supports` returns the reason), and the case
// is reported skipped with it, counted apart from passed and failed.
import type { FloatDType, FormatSpec } from '../../ir/format.js';
import type { HostTensor, QuantizedWeight } from '../host-tensor.js';
import type { GoldenCase } from './case.js';
import type { Check } from './compare.js';
import {
  dequantizeWeight,
  quantizeActivation,
  quantizeWeight,
  referenceLinear,
  supportsFormat,
  type QuantizeOptions,
} from '../index.js';

export interface GoldenBackend {
  readonly name: string;
  /**
   * null when this backend runs the format; else why not ("CUDA-only layout", ...).
   * `options.device` is where torchao quantized the case (its numerics differ by device).
   */
  supports(spec: FormatSpec, options?: QuantizeOptions): string | null;
  /**
   * Optional: null when the kernels take this case's weight (dtype, shape as the manifest gives
   * them); else why not (e.g. a tile multiple). The case is skipped with the reason.
   */
  fits?(spec: FormatSpec, weight: { dtype: string; shape: readonly number[] }): string | null;
  quantizeWeight(spec: FormatSpec, w: HostTensor, options?: QuantizeOptions): Promise<QuantizedWeight>;
  dequantizeWeight(spec: FormatSpec, q: QuantizedWeight, outDtype: FloatDType): Promise<HostTensor>;
  /** The dynamic activation as the linear quantizes it (only for specs with an activation). */
  quantizeActivation(spec: FormatSpec, x: HostTensor): Promise<QuantizedWeight>;
  linear(spec: FormatSpec, x: HostTensor, q: QuantizedWeight, bias: HostTensor | null): Promise<HostTensor>;
  /** Whether the primitive cases (prim__*, stages) apply: they test the oracle itself. */
  readonly runsPrimitives: boolean;
  /**
   * Optional, for backends that do not run primitives: the checks of a `stage` case of this
   * spec's layout, read back from what the backend's kernels store, or null to skip it.
   */
  stage?(spec: FormatSpec, c: GoldenCase): Promise<Check[]> | null;
}

export const refBackend: GoldenBackend = {
  name: 'ref',
  supports: supportsFormat,
  quantizeWeight: async (spec, w, options) => quantizeWeight(spec, w, options),
  dequantizeWeight: async (spec, q, dtype) => dequantizeWeight(spec, q, dtype),
  quantizeActivation: async (spec, x) => quantizeActivation(spec, x),
  linear: async (spec, x, q, bias) => referenceLinear(spec, x, q, bias),
  runsPrimitives: true,
};

/** Backends by name; cpu and cuda join when their kernels exist. */
const BACKENDS: Record<string, () => Promise<GoldenBackend>> = {
  ref: async () => refBackend,
  cpu: async () => (await import('./backend-cpu.js')).cpuBackend,
  cuda: async () => (await import('./backend-cuda.js')).cudaBackend,
};

export const BACKEND_NAMES = ['ref', 'cpu', 'cuda'] as const;

export async function loadBackend(name: string): Promise<GoldenBackend> {
  const make = BACKENDS[name];
  if (make) return make();
  if ((BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new Error(`backend '${name}' has no kernels registered yet (src/numerics/golden/backend.ts lists the backends); use --backend ref`);
  }
  throw new Error(`unknown backend '${name}': expected one of ${BACKEND_NAMES.join(', ')}`);
}
