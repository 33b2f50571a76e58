// specialize: Plan IR → the de-duplicated KernelSpecs the bundle's kernels must provide.
//
// Requires: a checked plan (every quantized parameter has a FormatSpec, a 2-D shape [N, K]
//           and a floating-point dtype) and the plan's targets.
// Guarantees: for every target and every quantized parameter, specs for quantize_weight,
//           dequantize and linear (plus quantize_activation for dynamic formats) in the
//           parameter's dtype; no two specs are equal; the output is sorted by kernel name,
//           so equal plans give equal lists whatever their parameter order.
// Pure: no I/O, input untouched.
//
//   before: q_proj [4096,4096] bf16 Int4 g128, k_proj [1024,4096] bf16 Int4 g128 (target cpu)
//   after:  quantize_weight/dequantize/linear × int4_plain g128 × bf16 × cpu (3 specs, shared)
import type { FloatDType, FormatSpec } from '../ir/format.js';
import { kernelKey, kernelName, type KernelOp, type KernelSpec, type KernelTarget, type Tile } from '../ir/kernel-spec.js';

/** What specialize reads of one planned parameter. */
export interface SpecializeParam {
  fqn: string;
  dtype: string;
  shape: readonly number[];
  /** null when the parameter is skipped (left in high precision). */
  format: FormatSpec | null;
}

const FLOAT: readonly string[] = ['float32', 'bfloat16', 'float16'];

/**
 * Tiles are per target and op: on CPU a worker takes ≥ 4 output rows (one cache line of
 * int8 scales, and few enough tasks to hand out cheaply); 4 tokens share each decoded weight
 * chunk (4 fp32 accumulators per row stay in registers).
 */
export function chooseTile(target: KernelTarget, op: KernelOp, _format: FormatSpec): Tile {
  if (target === 'cuda') return { rows: 128, tokens: 64 };
  return op === 'linear' ? { rows: 4, tokens: 4 } : { rows: 4, tokens: 1 };
}

export function opsFor(format: FormatSpec): KernelOp[] {
  const ops: KernelOp[] = ['quantize_weight', 'dequantize', 'linear'];
  return format.activation === null ? ops : [...ops, 'quantize_activation'];
}

export function specialize(params: readonly SpecializeParam[], targets: readonly KernelTarget[]): KernelSpec[] {
  const out = new Map<string, KernelSpec>();
  for (const p of params) {
    if (p.format === null) continue;
    if (!FLOAT.includes(p.dtype)) {
      throw new Error(`specialize: parameter '${p.fqn}' has dtype ${p.dtype}; quantized parameters must be float32, bfloat16 or float16`);
    }
    if (p.shape.length !== 2) {
      throw new Error(`specialize: parameter '${p.fqn}' has shape [${p.shape.join(', ')}]; kernels take 2-D [out_features, in_features] weights`);
    }
    for (const target of targets)
      for (const op of opsFor(p.format)) {
        const spec: KernelSpec = {
          op,
          format: p.format,
          target,
          shapeClass: { dtype: p.dtype as FloatDType },
          tile: chooseTile(target, op, p.format),
        };
        out.set(kernelKey(spec), spec);
      }
  }
  return [...out.values()].sort((a, b) => (kernelName(a) < kernelName(b) ? -1 : kernelName(a) > kernelName(b) ? 1 : 0));
}
