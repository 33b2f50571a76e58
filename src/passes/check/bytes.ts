// Storage size of a tensor before and after quantization, for the `bytes_before` /
// `bytes_after` expectations: element bits plus scales and zero points as torchao stores them
// (inner tensor shapes of torchao-semantics.md §3). Packing padding is ignored except where it
// changes the total by more than a rounding (tinygemm's K padding to 1024).
import type { FormatSpec, Granularity } from '../../ir/format.js';

const DTYPE_BYTES: Record<string, number> = {
  float64: 8,
  float32: 4,
  float16: 2,
  bfloat16: 2,
  int64: 8,
  int32: 4,
  int16: 2,
};
export const bytesPerElement = (dtype: string): number => DTYPE_BYTES[dtype] ?? 1;

const numelOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Scale count of a [.., N, K] weight under a granularity. */
function scaleCount(shape: readonly number[], g: Granularity): number {
  const numel = numelOf(shape);
  const k = shape[shape.length - 1] ?? 1;
  switch (g.kind) {
    case 'PerTensor':
      return 1;
    case 'PerGroup':
      return Math.ceil(numel / g.groupSize);
    case 'PerBlock':
      return Math.ceil(numel / g.blockSize.reduce((a, b) => a * b, 1));
    default:
      return Math.ceil(numel / k);
  }
}

export function quantizedBytes(f: FormatSpec, shape: readonly number[], dtype: string): number {
  const numel = numelOf(shape);
  const w = f.weight;
  const hp = bytesPerElement(dtype);
  switch (w.layout) {
    case 'int8':
      return numel + scaleCount(shape, w.granularity) * 5;
    case 'float8':
      return numel + scaleCount(shape, w.granularity) * 4;
    case 'float8_sparse_2x4':
      return numel / 2 + numel / 8 + scaleCount(shape, w.granularity) * 4;
    case 'int4_plain':
    case 'int4_preshuffled':
      return numel / 2 + Math.ceil(numel / w.groupSize) * 2 * hp;
    case 'int4_tile_packed_to_4d': {
      const k = shape[shape.length - 1] ?? 1;
      const padded = (numel / k) * Math.ceil(k / 1024) * 1024;
      return padded / 2 + Math.ceil(padded / w.groupSize) * 2 * 2;
    }
    case 'intx_unpacked_to_int8':
      return numel + scaleCount(shape, w.granularity) * ((w.scaleDtype ? bytesPerElement(w.scaleDtype) : hp) + 1);
    case 'mx':
      return (w.element === 'fp4_e2m1' ? numel / 2 : numel) + numel / w.blockSize;
    case 'nvfp4':
      return numel / 2 + numel / 16 + (w.perTensorScale ? 4 : 0);
  }
}
