// The few config fields torchao stores on a quantized weight that a FormatSpec does not keep
// (they choose kernels, not numerics): KernelPreference, Float8MMConfig, use_triton_kernel.
//
// Invariant: with the config at hand they are read from it (after the registry's
// normalization); without it they are what the config's defaults would give for this
// FormatSpec, so an export never invents a value torchao could not have written.
import type { FormatSpec } from '../../ir/format.js';
import type { PyValue, ResolvedConfig } from '../../ir/configs/index.js';

export interface ConfigExtras {
  /** KernelPreference member name (AUTO, TORCH, EMULATED...). */
  kernelPreference: string;
  /** Float8MMConfig fields of a dynamic float8 config; null elsewhere. */
  mmConfig: { emulate: boolean; use_fast_accum: boolean; pad_inner_dim: boolean } | null;
  useTritonKernel: boolean;
}

/** An enum field as torchao holds it: a member, or a str-enum's string value. */
function memberName(v: PyValue | undefined): string | null {
  if (typeof v === 'string') return v.toUpperCase();
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && v.py === 'enum') return v.member;
  return null;
}

function mmConfigOf(v: PyValue | undefined): ConfigExtras['mmConfig'] {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v.py !== 'object') return null;
  const f = v.fields;
  return {
    emulate: f['emulate'] === true,
    use_fast_accum: f['use_fast_accum'] === true,
    pad_inner_dim: f['pad_inner_dim'] === true,
  };
}

export function configExtras(format: FormatSpec, config: ResolvedConfig | null): ConfigExtras {
  const p = config?.params ?? {};
  const defaultPreference =
    format.weight.layout === 'mx' && format.linear.kind !== 'mx_scaled_mm' ? 'EMULATED' : 'AUTO';
  const linear = format.linear;
  const defaultMm =
    format.activation?.kind === 'float8'
      ? { emulate: false, use_fast_accum: linear.kind === 'scaled_mm' && linear.useFastAccum, pad_inner_dim: false }
      : null;
  return {
    kernelPreference: memberName(p['kernel_preference']) ?? defaultPreference,
    mmConfig: format.activation?.kind === 'float8' ? (mmConfigOf(p['mm_config']) ?? defaultMm) : null,
    useTritonKernel: p['use_triton_kernel'] === true,
  };
}
