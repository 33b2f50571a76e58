// 2:4 pruning as torch.ao.pruning.WeightNormSparsifier(sparsity_level=1.0,
// sparse_block_shape=(1, 4), zeros_per_block=2) does it (torchao-semantics.md §3.4.6): in
// every aligned group of 4 along K, the 2 elements with the smallest w·w (computed in the
// weight's dtype, so tiny values can tie at 0) are zeroed.
//
// Which of tied elements go is what torch.topk(k=2, largest=False) on CPU picks: it runs
// libstdc++'s std::nth_element (introselect: median-of-three pivot, unguarded partition,
// insertion sort) over (value, index) pairs, NaN ordered last. `nthElementSmallest2` replays
// that algorithm on 4 elements; golden keep_mask has groups where a naive stable order differs.
import type { FloatDType } from '../../ir/format.js';
import { roundTo } from './float-values.js';

const vals = new Float64Array(4);
const idx = new Int32Array(4);

function less(i: number, j: number): boolean {
  const x = vals[i], y = vals[j];
  return (x === x && y !== y) || x < y;
}

function swap(i: number, j: number): void {
  const v = vals[i]; vals[i] = vals[j]; vals[j] = v;
  const t = idx[i]; idx[i] = idx[j]; idx[j] = t;
}

/** std::__move_median_to_first(result, a, b, c). */
function moveMedianToFirst(result: number, a: number, b: number, c: number): void {
  if (less(a, b)) {
    if (less(b, c)) swap(result, b);
    else if (less(a, c)) swap(result, c);
    else swap(result, a);
  } else if (less(a, c)) swap(result, a);
  else if (less(b, c)) swap(result, c);
  else swap(result, b);
}

/** std::__unguarded_partition(first, last, pivot). */
function unguardedPartition(first: number, last: number, pivot: number): number {
  for (;;) {
    while (less(first, pivot)) first++;
    last--;
    while (less(pivot, last)) last--;
    if (!(first < last)) return first;
    swap(first, last);
    first++;
  }
}

/** std::__insertion_sort on [first, last). */
function insertionSort(first: number, last: number): void {
  for (let i = first + 1; i < last; i++) {
    const v = vals[i], t = idx[i];
    let j = i;
    while (j > first && ((v === v && vals[j - 1] !== vals[j - 1]) || v < vals[j - 1])) {
      vals[j] = vals[j - 1]; idx[j] = idx[j - 1]; j--;
    }
    vals[j] = v; idx[j] = t;
  }
}

/** Indices (bit mask) of the 2 elements torch.topk(k=2, largest=False) returns from 4 values. */
export function nthElementSmallest2(v0: number, v1: number, v2: number, v3: number): number {
  vals[0] = v0; vals[1] = v1; vals[2] = v2; vals[3] = v3;
  idx[0] = 0; idx[1] = 1; idx[2] = 2; idx[3] = 3;
  let first = 0, last = 4;
  const nth = 1;
  while (last - first > 3) {
    moveMedianToFirst(first, first + 1, first + ((last - first) >> 1), last - 1);
    const cut = unguardedPartition(first + 1, last, first);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  insertionSort(first, last);
  return (1 << idx[0]) | (1 << idx[1]);
}

/** Pruned weight (mask · w, same dtype values) and keep mask (1 = kept), row-major [rows, k]. */
export function prune2x4(w: Float32Array, k: number, dtype: FloatDType): { pruned: Float32Array; keep: Uint8Array } {
  if (k % 4 !== 0) throw new Error(`2:4 pruning: K=${k} is not a multiple of 4`);
  const pruned = new Float32Array(w);
  const keep = new Uint8Array(w.length).fill(1);
  for (let g = 0; g < w.length; g += 4) {
    const sq = (i: number) => roundTo(w[g + i] * w[g + i], dtype);
    const zeroed = nthElementSmallest2(sq(0), sq(1), sq(2), sq(3));
    for (let i = 0; i < 4; i++) {
      if (zeroed & (1 << i)) {
        pruned[g + i] = w[g + i] * 0; // FakeSparsity multiplies by the mask: -w gives -0
        keep[g + i] = 0;
      }
    }
  }
  return { pruned, keep };
}
