// CUDA from TypeScript: availability, device tensors (allocate, copy host↔device, free) and the
// streams kernels run on. The addon reaches the driver through dlopen("libcuda.so.1") on first
// use, so on a machine without a GPU or driver everything else works and these calls throw a
// TvmFfiError of kind "RuntimeError" that says why.
import { cudaDevice, formatDevice, type Device } from './device.js';
import { byteSize, isDType, type DType } from './dtype.js';
import { ArgumentError, fromNativeError } from './errors.js';
import { checkLayout, contiguousStrides, fmt, isContiguous, numelOf } from './layout.js';
import { native, type NativeHandle } from './native.js';
import { Tensor } from './tensor.js';

function guarded<T>(body: () => T): T {
  try {
    return body();
  } catch (e) {
    throw fromNativeError(e);
  }
}

export const cuda = {
  /** True when the driver loads and sees at least one GPU. Never throws. */
  isAvailable(): boolean {
    return native().cuda.status().available;
  },
  /** Why CUDA is unavailable (undefined when it is available). */
  unavailableReason(): string | undefined {
    return native().cuda.status().reason;
  },
  deviceCount(): number {
    return native().cuda.status().deviceCount ?? 0;
  },
  deviceInfo(id = 0): { name: string; computeCapability: string } {
    return guarded(() => native().cuda.deviceInfo(id));
  },
  /** The runtime's stream for a device: kernels called through the runtime launch on it. */
  stream(id = 0): bigint {
    return guarded(() => native().cuda.stream(id));
  },
  /** Waits until all work queued on the device's runtime stream has finished. */
  synchronize(id = 0): void {
    guarded(() => native().cuda.synchronize(id));
  },
};

/** Who frees a device tensor's memory. */
type Owner = { kind: 'malloc'; ptr: bigint } | { kind: 'ffi'; handle: NativeHandle };

// A safety net for tensors nobody disposed; dispose() is the way (GC does not see GPU memory).
const finalizer = new FinalizationRegistry<{ device: number; owner: Owner }>((held) => release(held.device, held.owner));

function release(device: number, owner: Owner): void {
  if (owner.kind === 'malloc') native().cuda.free(device, owner.ptr);
  else native().releaseObject(owner.handle);
}

export class DeviceTensor {
  readonly device: Device;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  #ptr: bigint | undefined;
  #owner: Owner | undefined;

  private constructor(device: Device, dtype: DType, shape: readonly number[], strides: readonly number[], ptr: bigint, owner: Owner) {
    this.device = device;
    this.dtype = dtype;
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze([...strides]);
    this.#ptr = ptr;
    this.#owner = owner;
    finalizer.register(this, { device: device.id, owner }, this);
  }

  /** Uninitialised device memory (contiguous). */
  static empty(shape: readonly number[], dtype: DType, device: Device = cudaDevice(0)): DeviceTensor {
    if (!isDType(dtype)) throw new ArgumentError('TypeError', 'dtype', `unknown dtype ${String(dtype)}`);
    if (device.type !== 'cuda') throw new ArgumentError('ValueError', 'device', `expected a CUDA device, got ${formatDevice(device)}`);
    const strides = contiguousStrides(shape);
    checkLayout('tensor', { dtype, shape, strides, byteOffset: 0 }, Infinity);
    const ptr = guarded(() => native().cuda.malloc(device.id, byteSize(dtype, numelOf(shape))));
    return new DeviceTensor(device, dtype, shape, strides, ptr, { kind: 'malloc', ptr });
  }

  /** A device copy of a contiguous host tensor. */
  static fromHost(host: Tensor, device: Device = cudaDevice(0)): DeviceTensor {
    const t = DeviceTensor.empty(host.shape, host.dtype, device);
    t.copyFromHost(host);
    return t;
  }

  /** Adopts a tensor a kernel returned (the addon's reference is released on dispose). */
  static adopt(device: Device, dtype: DType, shape: number[], strides: number[], ptr: bigint, handle: NativeHandle): DeviceTensor {
    return new DeviceTensor(device, dtype, shape, strides, ptr, { kind: 'ffi', handle });
  }

  get numel(): number {
    return numelOf(this.shape);
  }

  get nbytes(): number {
    return byteSize(this.dtype, this.numel);
  }

  get disposed(): boolean {
    return this.#ptr === undefined;
  }

  /** The device address of element [0, ..., 0]. */
  get ptr(): bigint {
    if (this.#ptr === undefined) throw new ArgumentError('ValueError', 'tensor', `device tensor on ${formatDevice(this.device)} was disposed`);
    return this.#ptr;
  }

  /** Copies a host tensor of the same dtype and shape into this one (both contiguous). */
  copyFromHost(host: Tensor): void {
    this.checkCopyPeer(host, 'source');
    const ptr = this.ptr;
    guarded(() => native().cuda.copyToDevice(this.device.id, ptr, host.bytes()));
  }

  /** Copies this tensor to host memory (a new aligned Tensor unless `out` is given). */
  toHost(out?: Tensor): Tensor {
    const dst = out ?? Tensor.empty(this.shape, this.dtype);
    this.checkCopyPeer(dst, 'destination');
    const ptr = this.ptr;
    guarded(() => native().cuda.copyToHost(this.device.id, dst.bytes(), ptr));
    return dst;
  }

  /** Frees the device memory (after the work queued on the runtime stream). Idempotent. */
  dispose(): void {
    if (this.#owner === undefined) return;
    const owner = this.#owner;
    this.#owner = undefined;
    this.#ptr = undefined;
    finalizer.unregister(this);
    guarded(() => release(this.device.id, owner));
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  private checkCopyPeer(host: Tensor, role: string): void {
    if (!isContiguous(this.shape, this.strides) || !host.isContiguous) {
      throw new ArgumentError('ValueError', role, 'host↔device copies need contiguous tensors on both sides');
    }
    if (host.dtype !== this.dtype || host.shape.length !== this.shape.length || host.shape.some((d, i) => d !== this.shape[i])) {
      throw new ArgumentError('ValueError', role, `is ${host.dtype}${fmt(host.shape)} but the device tensor is ${this.dtype}${fmt(this.shape)}`);
    }
  }
}
