// Host tensors: a view over JS-owned memory (a Buffer, TypedArray or ArrayBuffer) that kernels
// read and write in place, without copies. Every view carries explicit strides (guide §5.4),
// is validated when built, and is validated again when passed to a kernel (tensor-check.ts),
// because its memory may have been detached or the tensor disposed in the meantime.
import { CPU, type Device } from './device.js';
import { byteSize, dtypeOfTypedArray, isDType, type DType, type TypedArray } from './dtype.js';
import { ArgumentError } from './errors.js';
import { checkLayout, contiguousStrides, isContiguous, numelOf } from './layout.js';
import { native } from './native.js';

export interface TensorViewOptions {
  /** Element type; defaults to the TypedArray's own type (required for Buffers/ArrayBuffers). */
  dtype?: DType;
  /** Defaults to 1-D over the whole view. */
  shape?: readonly number[];
  /** In elements; defaults to row-major contiguous. */
  strides?: readonly number[];
  /** Bytes from the start of the given view to element [0, ..., 0]. */
  byteOffset?: number;
}

export class Tensor {
  readonly device: Device = CPU;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  /** Bytes from the start of `storage()` to element [0, ..., 0]. */
  readonly byteOffset: number;
  #storage: Uint8Array | undefined;

  private constructor(storage: Uint8Array, dtype: DType, shape: readonly number[], strides: readonly number[], byteOffset: number) {
    checkLayout('tensor', { dtype, shape, strides, byteOffset }, storage.byteLength);
    this.#storage = storage;
    this.dtype = dtype;
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze([...strides]);
    this.byteOffset = byteOffset;
  }

  /** Wraps a TypedArray without copying; its element type is the default dtype. */
  static fromTypedArray(array: TypedArray, opts: TensorViewOptions = {}): Tensor {
    if (!ArrayBuffer.isView(array)) throw new ArgumentError('TypeError', 'array', 'expected a TypedArray');
    return Tensor.view(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), opts.dtype ?? dtypeOfTypedArray(array), opts);
  }

  /** Wraps raw bytes (Buffer, Uint8Array, any ArrayBufferView or an ArrayBuffer) without copying. */
  static fromBuffer(buffer: ArrayBufferView | ArrayBuffer, opts: TensorViewOptions & { dtype: DType }): Tensor {
    const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : ArrayBuffer.isView(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : undefined;
    if (!bytes) throw new ArgumentError('TypeError', 'buffer', 'expected a Buffer, TypedArray or ArrayBuffer');
    return Tensor.view(bytes, opts.dtype, opts);
  }

  /** New zero-filled host memory, `alignment`-byte aligned (64 by default, for vector kernels). */
  static empty(shape: readonly number[], dtype: DType, opts: { alignment?: number } = {}): Tensor {
    const alignment = opts.alignment ?? 64;
    if (!Number.isInteger(alignment) || alignment <= 0 || (alignment & (alignment - 1)) !== 0) {
      throw new ArgumentError('ValueError', 'alignment', `must be a power of two, got ${alignment}`);
    }
    checkLayout('tensor', { dtype, shape, strides: contiguousStrides(shape), byteOffset: 0 }, Infinity);
    const nbytes = byteSize(dtype, numelOf(shape));
    const raw = new Uint8Array(new ArrayBuffer(nbytes + alignment));
    const misalign = Number(native().addressOf(raw) % BigInt(alignment));
    const start = misalign === 0 ? 0 : alignment - misalign;
    return new Tensor(raw.subarray(start, start + nbytes), dtype, shape, contiguousStrides(shape), 0);
  }

  private static view(bytes: Uint8Array, dtype: DType, opts: TensorViewOptions): Tensor {
    if (!isDType(dtype)) throw new ArgumentError('TypeError', 'dtype', `unknown dtype ${String(dtype)}`);
    const byteOffset = opts.byteOffset ?? 0;
    const shape = opts.shape ?? [Math.floor(((bytes.byteLength - byteOffset) * 8) / byteSize(dtype, 8))];
    return new Tensor(bytes, dtype, shape, opts.strides ?? contiguousStrides(shape), byteOffset);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get numel(): number {
    return numelOf(this.shape);
  }

  get isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  get disposed(): boolean {
    return this.#storage === undefined;
  }

  /** The whole memory this tensor views (element [0,...,0] is at `byteOffset`). */
  storage(): Uint8Array {
    if (this.#storage === undefined) throw new ArgumentError('ValueError', 'tensor', 'was disposed');
    return this.#storage;
  }

  /** The bytes of a contiguous tensor, as a view (no copy). */
  bytes(): Uint8Array {
    if (!this.isContiguous) throw new ArgumentError('ValueError', 'tensor', 'bytes() needs a contiguous tensor');
    return this.storage().subarray(this.byteOffset, this.byteOffset + byteSize(this.dtype, this.numel));
  }

  /** A zero-copy TypedArray over a contiguous tensor (16-bit floats come back as Uint16Array). */
  typedArray(): TypedArray {
    const b = this.bytes();
    const n = this.numel;
    switch (this.dtype) {
      case 'float32': return new Float32Array(b.buffer, b.byteOffset, n);
      case 'float64': return new Float64Array(b.buffer, b.byteOffset, n);
      case 'int8': return new Int8Array(b.buffer, b.byteOffset, n);
      case 'int16': return new Int16Array(b.buffer, b.byteOffset, n);
      case 'int32': return new Int32Array(b.buffer, b.byteOffset, n);
      case 'int64': return new BigInt64Array(b.buffer, b.byteOffset, n);
      case 'uint16': case 'float16': case 'bfloat16': return new Uint16Array(b.buffer, b.byteOffset, n);
      case 'uint32': return new Uint32Array(b.buffer, b.byteOffset, n);
      case 'uint64': return new BigUint64Array(b.buffer, b.byteOffset, n);
      default: return b;
    }
  }

  /** Drops this view: later use, including passing it to a kernel, throws. */
  dispose(): void {
    this.#storage = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
