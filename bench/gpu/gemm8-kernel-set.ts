// The kernels scripts/gpu/gemm8-check.sh builds and checks (issue 8, topic gemm8: the
// persistent wgmma int8 GEMM of Int8DynamicActivationInt8WeightConfig at large M): only the
// three int8 dynamic formats of dyn-kernel-set.ts, so the carried module stays small.
import type { KernelSpec } from '../../src/ir/kernel-spec.js';
import { dynSpecs } from './dyn-kernel-set.js';

export const GEMM8_TAGS = ['int8dq_row_sym', 'int8dq_row_asym', 'int8dq_tensor_sym'] as const;

export function gemm8Specs(): Record<string, KernelSpec> {
  const all = dynSpecs();
  const out: Record<string, KernelSpec> = {};
  for (const tag of GEMM8_TAGS) {
    const spec = all[tag];
    if (!spec) throw new Error(`dyn-kernel-set.ts has no ${tag}: the gemm8 set is its int8 dynamic formats`);
    out[tag] = spec;
  }
  return out;
}
