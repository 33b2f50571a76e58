// Finding a layer's kernel in a loaded bundle: the manifest entry of the wanted target, the
// spec (op `linear`, same format and dtype as the stored parameter) and, for CUDA, the layout
// the build recorded beside it (`layouts`, written by src/build/kernel-generators.ts).
import type { Bundle, LoadedParameter } from '../bundle/index.js';
import type { KernelEntry } from '../bundle/manifest.js';
import type { DeviceType } from '../device.js';
import { ArgumentError } from '../errors.js';
import type { CudaLinearLayout } from './cuda-linear.js';

export interface BundleKernel {
  entry: KernelEntry;
  /** Exported name of the layer's `linear` kernel. */
  name: string;
  /** CUDA only: how the weight is uploaded and repacked. */
  layout: CudaLinearLayout | null;
  /** CPU: the kernel's weight arguments in order, when the build recorded them. */
  cpuInner?: string[];
}

/** The `linear` kernel of `fqn` for a device type; errors name the bundle and the fix. */
export function findLinearKernel(bundle: Bundle, fqn: string, p: LoadedParameter, target: DeviceType): BundleKernel {
  const d = p.decision;
  if (d.kind !== 'quantize')
    throw new ArgumentError('ValueError', 'fqn', `parameter '${fqn}' is not quantized (${d.reason})`);
  const entry = bundle.manifest.kernels.find((k) => k.target === target);
  const notes = bundle.manifest.kernelNotes.join('; ') || 'none built';
  if (!entry) {
    const recipe =
      target === 'cuda'
        ? 'add `target cuda(arch = "sm_90a")` to the recipe and rebuild'
        : 'add `target cpu()` to the recipe and rebuild';
    throw new ArgumentError(
      'ValueError',
      'bundle',
      `bundle ${bundle.dir} has no ${target.toUpperCase()} kernels (${notes}); ${recipe}`,
    );
  }
  const want = JSON.stringify(canonical(d.format));
  const i = entry.specs.findIndex((s) => {
    const spec = s as { op?: string; format?: unknown; shapeClass?: { dtype?: string } };
    return (
      spec.op === 'linear' &&
      spec.shapeClass?.dtype === p.entry.dtype &&
      JSON.stringify(canonical(spec.format)) === want
    );
  });
  if (i < 0) {
    throw new ArgumentError(
      'ValueError',
      'fqn',
      `bundle ${bundle.dir} has no ${target.toUpperCase()} linear kernel for '${fqn}' (${p.entry.dtype}); kernel notes: ${notes}`,
    );
  }
  if (target !== 'cuda') {
    const inner = (entry.layouts?.[i] as { inner?: unknown } | undefined)?.inner;
    return { entry, name: entry.exports[i], layout: null, ...(Array.isArray(inner) ? { cpuInner: inner.map(String) } : {}) };
  }
  const raw = entry.layouts?.[i] as { inner?: string[]; repack?: string; chunkK?: number; repackInner?: string[] } | undefined;
  if (!raw || !Array.isArray(raw.inner)) {
    throw new ArgumentError(
      'ValueError',
      'bundle',
      `${entry.file} of bundle ${bundle.dir} records no weight layout for kernel ${entry.exports[i]}; rebuild the bundle with this version`,
    );
  }
  return {
    entry,
    name: entry.exports[i],
    layout: { name: entry.exports[i], inner: raw.inner, repack: raw.repack, chunkK: raw.chunkK, repackInner: raw.repackInner },
  };
}

/** JSON with sorted keys, for comparing formats written by different code. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
