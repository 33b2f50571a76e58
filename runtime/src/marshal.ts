// JS call arguments → the addon's encoding (runtime/native/src/call_record.h), and results back.
// Every tensor is re-validated here, at call time, before native code sees it: liveness
// (disposed tensor, detached memory), bounds, element alignment and device.
import { DeviceTensor } from './cuda.js';
import { deviceFromDLPack, deviceToDLPack } from './device.js';
import { bytesPerElement, dtypeFromDLPack, dtypeInfo, isSubByte } from './dtype.js';
import { ArgumentError } from './errors.js';
import { checkLayout, spanBytes } from './layout.js';
import { native, type NativeArg, type NativeStream, type NativeTensorArg, type NativeTensorResult } from './native.js';
import { describe } from './signature.js';
import { Tensor } from './tensor.js';

/** Marks bytes to pass as tvm-ffi `Bytes` (e.g. a cubin image) rather than as a uint8 tensor. */
export class FfiBytes {
  constructor(readonly data: Uint8Array) {}
}

export function isTensor(v: unknown): v is Tensor | DeviceTensor {
  return v instanceof Tensor || v instanceof DeviceTensor;
}

function encodeHost(t: Tensor, what: string, fn: string): NativeTensorArg {
  if (t.disposed) throw new ArgumentError('ValueError', what, 'the tensor was disposed', fn);
  const storage = t.storage();
  const span = spanBytes(t.dtype, t.shape, t.strides);
  if (storage.buffer.byteLength === 0 && span > 0) {
    throw new ArgumentError('ValueError', what, 'its memory was detached (the ArrayBuffer was transferred)', fn);
  }
  checkLayout(what, t, storage.byteLength, fn);
  // Node's ArrayBuffers are malloc'd (>= 16-byte aligned); a view can still start anywhere.
  const elem = isSubByte(t.dtype) ? 1 : bytesPerElement(t.dtype);
  if ((storage.byteOffset + t.byteOffset) % elem !== 0) {
    throw new ArgumentError('ValueError', what, `data is not aligned to its ${elem}-byte ${t.dtype} elements (a Buffer slice at an odd offset?); copy it into Tensor.empty()`, fn);
  }
  const { code, bits, lanes } = dtypeInfo(t.dtype);
  return {
    kind: 'tensor',
    bytes: storage.subarray(t.byteOffset, t.byteOffset + span),
    dtype: [code, bits, lanes],
    shape: [...t.shape],
    strides: [...t.strides],
    device: deviceToDLPack(t.device),
  };
}

function encodeDevice(t: DeviceTensor, what: string, fn: string): NativeTensorArg {
  if (t.disposed) throw new ArgumentError('ValueError', what, 'the device tensor was disposed (its memory is freed)', fn);
  const { code, bits, lanes } = dtypeInfo(t.dtype);
  return { kind: 'tensor', ptr: t.ptr, dtype: [code, bits, lanes], shape: [...t.shape], strides: [...t.strides], device: deviceToDLPack(t.device) };
}

function encodeOne(v: unknown, what: string, fn: string, cudaDevices: Set<number>): NativeArg {
  if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'bigint') return v;
  if (typeof v === 'number') return v; // integral → Int, otherwise Float (call_record.h)
  if (v instanceof Tensor) return encodeHost(v, what, fn);
  if (v instanceof DeviceTensor) {
    cudaDevices.add(v.device.id);
    return encodeDevice(v, what, fn);
  }
  if (v instanceof FfiBytes) return { kind: 'bytes', bytes: v.data };
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return encodeHost(Tensor.fromTypedArray(v as never), what, fn);
  throw new ArgumentError('TypeError', what, `cannot pass ${describe(v)} to a TVM-FFI function (use a Tensor, number, bigint, boolean, string, FfiBytes or null)`, fn);
}

/** Encodes a call; streams are the runtime's stream of every CUDA device the tensors live on. */
export function encodeArgs(fn: string, args: readonly unknown[]): { args: NativeArg[]; streams: NativeStream[] } {
  const devices = new Set<number>();
  const encoded = args.map((v, i) => encodeOne(v, `argument ${i}`, fn, devices));
  const streams: NativeStream[] = [...devices].map((id) => [id, native().cuda.stream(id)]);
  return { args: encoded, streams };
}

function isTensorResult(v: unknown): v is NativeTensorResult {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'tensor';
}

/** A tensor result becomes a Tensor (host, zero copy) or a DeviceTensor; other values pass through. */
export function decodeResult(v: unknown): unknown {
  if (!isTensorResult(v)) return v;
  const dtype = dtypeFromDLPack(...v.dtype);
  if (dtype === undefined) throw new ArgumentError('TypeError', 'result', `tensor of unsupported DLPack dtype ${v.dtype.join('/')}`);
  const device = deviceFromDLPack(...v.device);
  if (v.buffer) return Tensor.fromBuffer(v.buffer, { dtype, shape: v.shape, strides: v.strides });
  return DeviceTensor.adopt(device, dtype, v.shape, v.strides, v.ptr!, v.handle!);
}
