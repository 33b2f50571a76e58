// The names an `expect` statement reads (dsl.md §Expectations), computed from a plan.
import type { Plan } from '../../ir/plan.js';
import { bytesPerElement, quantizedBytes } from './bytes.js';

export interface PlanTotals {
  /** Rules that matched no tensor. */
  unmatched_rules: number;
  /** Quantized linear weights over all linear weights, by element count (0..1; 1 without linears). */
  quantized_fraction: number;
  quantized_params: number;
  /** Tensors left in high precision (every tensor not quantized, biases and norms included). */
  skipped_params: number;
  bytes_before: number;
  bytes_after: number;
}

export function planTotals(plan: Plan): PlanTotals {
  let linear = 0;
  let linearQuantized = 0;
  let quantized = 0;
  let before = 0;
  let after = 0;
  for (const t of plan.tensors) {
    const numel = t.shape.reduce((a, b) => a * b, 1);
    const bytes = numel * bytesPerElement(t.dtype);
    before += bytes;
    const q = t.decision.action === 'quantize';
    if (t.kind === 'linear' && t.leaf === 'weight') {
      linear += numel;
      if (q) linearQuantized += numel;
    }
    if (t.decision.action === 'quantize') {
      quantized++;
      after += quantizedBytes(t.decision.format, t.shape, t.dtype);
    } else after += bytes;
  }
  return {
    unmatched_rules: plan.rules.filter((r) => r.matchedExample === null).length,
    quantized_fraction: linear === 0 ? 1 : linearQuantized / linear,
    quantized_params: quantized,
    skipped_params: plan.tensors.length - quantized,
    bytes_before: before,
    bytes_after: Math.round(after),
  };
}
