// Granularity -> torchao block_size (torchao-semantics.md §2.1), and the [rows, cols] view the
// float formats compute on: leading dims fold into rows, so a block must span either one row
// or all of the leading dims.
import type { Granularity } from '../../ir/format.js';
import type { Blocked2D } from './float8-primitives.js';

/** torchao's get_block_size for a granularity, with its divisibility errors. */
export function blockSizeOf(granularity: Granularity, shape: readonly number[], what: string): number[] {
  const rank = shape.length;
  const last = shape[rank - 1];
  switch (granularity.kind) {
    case 'PerTensor':
      return [...shape];
    case 'PerRow': {
      const dim = granularity.dim < 0 ? granularity.dim + rank : granularity.dim;
      if (dim !== rank - 1) throw new Error(`${what}: PerRow(dim=${granularity.dim}) is supported on the last dim only`);
      return shape.map((s, i) => (i === dim ? s : 1));
    }
    case 'PerToken':
      return shape.map((s, i) => (i === rank - 1 ? s : 1));
    case 'PerGroup':
      if (last % granularity.groupSize !== 0) {
        throw new Error(`${what}: Last dimension of input ${last} is not divisible by group size ${granularity.groupSize}`);
      }
      return shape.map((_, i) => (i === rank - 1 ? granularity.groupSize : 1));
    case 'PerBlock': {
      const b = [...Array(Math.max(0, rank - granularity.blockSize.length)).fill(1), ...granularity.blockSize];
      if (b.length !== rank || shape.some((s, i) => s % b[i] !== 0)) {
        throw new Error(`${what}: Not all shapes in input shape [${shape.join(', ')}] are divisible by block size [${b.join(', ')}]`);
      }
      return b;
    }
    case 'PerAxis':
      throw new Error(`${what}: PerAxis granularity is not a float8 granularity (use PerTensor, PerRow, PerGroup or PerBlock)`);
  }
}

/** The [rows, cols] view of `shape` blocked by `blockSize`. */
export function blocked2D(shape: readonly number[], blockSize: readonly number[], what: string): Blocked2D {
  const rank = shape.length;
  if (rank < 1) throw new Error(`${what}: a scalar cannot be block-quantized`);
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const leadAllOne = blockSize.slice(0, -1).every((b) => b === 1);
  const leadAllFull = blockSize.slice(0, -1).every((b, i) => b === shape[i]);
  let blockRows: number;
  if (leadAllOne) blockRows = 1;
  else if (leadAllFull) blockRows = rows;
  else if (rank === 2) blockRows = blockSize[0];
  else throw new Error(`${what}: block [${blockSize.join(', ')}] over leading dims of [${shape.join(', ')}] is not supported`);
  return { rows, cols: shape[rank - 1], blockRows, blockCols: blockSize[rank - 1] };
}

/** Shape of the scale tensor torchao keeps: shape[i] / block[i] (keepdim). */
export function scaleShapeOf(shape: readonly number[], blockSize: readonly number[]): number[] {
  return shape.map((s, i) => s / blockSize[i]);
}
