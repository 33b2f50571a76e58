// Shape/stride arithmetic and the layout checks every tensor passes, host or device. Pure
// functions; errors name the tensor (`what`) and say what was expected and what was given.
//
// Invariant established by checkLayout: shape and strides are arrays of the same length of
// non-negative safe integers, sub-byte dtypes are contiguous, and every element the strides can
// reach lies inside [byteOffset, byteOffset + spanBytes) ⊆ [0, capacity).
import { ArgumentError } from './errors.js';
import { byteSize, bytesPerElement, isSubByte, type DType } from './dtype.js';

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides, in elements. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== s) return false;
    s *= shape[i];
  }
  return true;
}

/** Bytes from the first element to one past the last reachable one (0 for an empty tensor). */
export function spanBytes(dtype: DType, shape: readonly number[], strides: readonly number[]): number {
  let last = 0;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 0) return 0;
    last += (shape[i] - 1) * strides[i];
  }
  return byteSize(dtype, last + 1);
}

function checkIntList(what: string, field: string, v: readonly number[], fn?: string): void {
  if (!Array.isArray(v)) throw new ArgumentError('TypeError', what, `${field} must be an array of integers`, fn);
  v.forEach((d, i) => {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new ArgumentError('ValueError', what, `${field}[${i}] must be a non-negative integer, got ${String(d)}`, fn);
    }
  });
}

export interface Layout {
  dtype: DType;
  shape: readonly number[];
  strides: readonly number[];
  byteOffset: number;
}

/** Validates a layout against storage of `capacity` bytes; throws ArgumentError naming `what`. */
export function checkLayout(what: string, l: Layout, capacity: number, fn?: string): void {
  checkIntList(what, 'shape', l.shape, fn);
  checkIntList(what, 'strides', l.strides, fn);
  if (l.strides.length !== l.shape.length) {
    throw new ArgumentError('ValueError', what, `strides has ${l.strides.length} entries but shape has ${l.shape.length}`, fn);
  }
  if (!Number.isSafeInteger(l.byteOffset) || l.byteOffset < 0) {
    throw new ArgumentError('ValueError', what, `byteOffset must be a non-negative integer, got ${l.byteOffset}`, fn);
  }
  if (isSubByte(l.dtype)) {
    if (!isContiguous(l.shape, l.strides)) {
      throw new ArgumentError('ValueError', what, `${l.dtype} is packed and must be contiguous (strides ${fmt(contiguousStrides(l.shape))}), got strides ${fmt(l.strides)}`, fn);
    }
  } else if (l.byteOffset % bytesPerElement(l.dtype) !== 0) {
    throw new ArgumentError('ValueError', what, `byteOffset ${l.byteOffset} is not a multiple of the ${l.dtype} element size ${bytesPerElement(l.dtype)}`, fn);
  }
  const span = spanBytes(l.dtype, l.shape, l.strides);
  if (l.byteOffset + span > capacity) {
    throw new ArgumentError(
      'ValueError',
      what,
      `out of bounds: shape ${fmt(l.shape)} with strides ${fmt(l.strides)} at byteOffset ${l.byteOffset} reaches byte ${l.byteOffset + span}, but the storage has ${capacity} bytes`,
      fn,
    );
  }
}

export function fmt(v: readonly number[]): string {
  return `[${v.join(', ')}]`;
}
