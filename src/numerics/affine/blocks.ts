// Quantization blocks: granularity -> block_size (spec §2.1) and element -> block index
// (spec §2.2, _get_reduction_params). Scales are laid out row-major over
// `scaleShape[i] = shape[i] / blockSize[i]` (torchao's keepdim=True shape).
import type { Granularity } from '../../ir/format.js';

export interface Blocks {
  shape: number[];
  blockSize: number[];
  scaleShape: number[];
  count: number;
  /** Block index of every element, or null when blocks are contiguous runs of `run`. */
  ids: Int32Array | null;
  run: number;
}

/** torchao utils.get_block_size, with its divisibility assertions. */
export function blockSizeFor(granularity: Granularity, shape: readonly number[]): number[] {
  const rank = shape.length;
  const last = shape[rank - 1];
  switch (granularity.kind) {
    case 'PerTensor': return [...shape];
    case 'PerAxis': {
      const b = [...shape];
      b[normAxis(granularity.axis, rank)] = 1;
      return b;
    }
    case 'PerRow': {
      const b = new Array<number>(rank).fill(1);
      const d = normAxis(granularity.dim, rank);
      b[d] = shape[d];
      return b;
    }
    case 'PerGroup': {
      if (last % granularity.groupSize !== 0) {
        throw new Error(`Last dimension of input ${last} is not divisible by group size ${granularity.groupSize}`);
      }
      return [...new Array<number>(rank - 1).fill(1), granularity.groupSize];
    }
    case 'PerToken': return [...new Array<number>(rank - 1).fill(1), last];
    case 'PerBlock': {
      const b = [...new Array<number>(rank - granularity.blockSize.length).fill(1), ...granularity.blockSize];
      if (b.some((v, i) => shape[i] % v !== 0)) {
        throw new Error(`Not all shapes in input shape [${shape.join(', ')}] are divisible by block size [${b.join(', ')}]`);
      }
      return b;
    }
  }
}

function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** Element-to-block map for `shape` split by `blockSize` (asserting divisibility as torchao). */
export function makeBlocks(shape: readonly number[], blockSize: readonly number[]): Blocks {
  if (blockSize.length !== shape.length) {
    throw new Error(`block_size [${blockSize.join(', ')}] does not have the rank of shape [${shape.join(', ')}]`);
  }
  shape.forEach((size, i) => {
    const b = blockSize[i];
    if (b !== size && b > 1 && size % b !== 0) {
      throw new Error(
        `Expecting input size at ${i} dimension: ${size} to be divisible by block_size at ${i} dimension: ${b}`,
      );
    }
  });
  const scaleShape = shape.map((s, i) => Math.floor(s / blockSize[i]));
  const count = scaleShape.reduce((a, b) => a * b, 1);
  const run = contiguousRun(shape, blockSize);
  return { shape: [...shape], blockSize: [...blockSize], scaleShape, count, run, ids: run ? null : blockIds(shape, blockSize, scaleShape) };
}

/** Blocks are contiguous runs when all dims before some d have block 1 and all after are full. */
function contiguousRun(shape: readonly number[], blockSize: readonly number[]): number {
  let d = shape.length - 1;
  let run = 1;
  while (d >= 0 && blockSize[d] === shape[d]) run *= shape[d--];
  if (d >= 0) run *= blockSize[d--];
  while (d >= 0) if (blockSize[d--] !== 1) return 0;
  return run;
}

function blockIds(shape: readonly number[], blockSize: readonly number[], scaleShape: number[]): Int32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const ids = new Int32Array(n);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < n; i++) {
    let id = 0;
    for (let d = 0; d < rank; d++) id = id * scaleShape[d] + Math.floor(index[d] / blockSize[d]);
    ids[i] = id;
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return ids;
}

/** Block index of element i. */
export function blockOf(blocks: Blocks, i: number): number {
  return blocks.ids ? blocks.ids[i] : Math.floor(i / blocks.run);
}
