// The tensor properties a `where` predicate reads (dsl.md §Predicates).
import type { TensorDescription } from '../../model/description.js';
import type { Value } from './predicate.js';

export function tensorProperty(t: TensorDescription, name: string): Value | undefined {
  const rank = t.shape.length;
  switch (name) {
    case 'out_features':
      return rank >= 2 ? t.shape[rank - 2] : rank === 1 ? t.shape[0] : undefined;
    case 'in_features':
      return rank >= 2 ? t.shape[rank - 1] : undefined;
    case 'numel':
      return t.shape.reduce((a, b) => a * b, 1);
    case 'ndim':
      return rank;
    case 'dtype':
      return t.dtype;
    case 'kind':
      return t.kind;
    case 'layer':
      return layerOf(t.fqn);
    default:
      return undefined;
  }
}

/** The first integer segment of an FQN (`model.layers.17.mlp` → 17). */
export function layerOf(fqn: string): number | undefined {
  for (const s of fqn.split('.')) if (/^\d+$/.test(s)) return Number(s);
  return undefined;
}
