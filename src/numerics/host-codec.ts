// Decoding HostTensors (raw little-endian bytes) into typed arrays of values and encoding
// values back, with round-to-nearest-even into the storage dtype (PyTorch's casts).
//
// Invariant: decode(encode(v, d), d) equals v rounded to d; encoding never saturates float
// dtypes (overflow goes to inf as an IEEE cast does) and rejects out-of-range integers, since
// every caller clamps before storing. float8/e8m0 element codecs live in elements/ and are
// decoded here once registered through `registerElementCodec` (the float half of the oracle).
import type { DType } from '../ir/format.js';
import type { HostTensor } from './host-tensor.js';
import { bytesPerElement } from '../model/dtypes.js';
import { fromFloat16Bits, toBFloat16Bits, toFloat16Bits } from './elements/float16.js';

// Local bindings of imported hot functions: under tsx, calls through an import are not
// inlined in hot loops (about 5x slower on 58M-element weights).
const fromFloat16Bits_ = fromFloat16Bits, toBFloat16Bits_ = toBFloat16Bits, toFloat16Bits_ = toFloat16Bits;

export { bytesPerElement };

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A one-byte element codec (float8 e4m3fn/e5m2, e8m0): byte -> value and value -> byte (RNE). */
export interface ByteElementCodec {
  decode(byte: number): number;
  encode(value: number): number;
}
const byteCodecs = new Map<DType, ByteElementCodec>();

/** Lets elements/ plug the float8/e8m0 codecs into the generic decode/encode below. */
export function registerElementCodec(dtype: DType, codec: ByteElementCodec): void {
  byteCodecs.set(dtype, codec);
}

function view(t: HostTensor): DataView {
  return new DataView(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** Checks the byte length against shape and dtype; names the tensor in the error. */
export function checkHostTensor(t: HostTensor, what = 'tensor'): void {
  const expected = numel(t.shape) * bytesPerElement(t.dtype);
  if (t.data.byteLength !== expected) {
    throw new Error(
      `${what}: ${t.dtype}[${t.shape.join(', ')}] needs ${expected} bytes, has ${t.data.byteLength}`,
    );
  }
}

/** Every element as a float64 value (exact for every dtype except int64 beyond 2^53). */
export function toFloat64(t: HostTensor): Float64Array {
  checkHostTensor(t);
  const n = numel(t.shape);
  const out = new Float64Array(n);
  const dv = view(t);
  switch (t.dtype) {
    case 'float64': for (let i = 0; i < n; i++) out[i] = dv.getFloat64(i * 8, true); break;
    case 'float32': for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true); break;
    case 'bfloat16': {
      const bits = new Uint32Array(1);
      const f = new Float32Array(bits.buffer);
      for (let i = 0; i < n; i++) {
        bits[0] = dv.getUint16(i * 2, true) << 16;
        out[i] = f[0];
      }
      break;
    }
    case 'float16': for (let i = 0; i < n; i++) out[i] = fromFloat16Bits_(dv.getUint16(i * 2, true)); break;
    case 'int8': for (let i = 0; i < n; i++) out[i] = dv.getInt8(i); break;
    case 'uint8': case 'bool': for (let i = 0; i < n; i++) out[i] = dv.getUint8(i); break;
    case 'int16': for (let i = 0; i < n; i++) out[i] = dv.getInt16(i * 2, true); break;
    case 'int32': for (let i = 0; i < n; i++) out[i] = dv.getInt32(i * 4, true); break;
    case 'int64': for (let i = 0; i < n; i++) out[i] = Number(dv.getBigInt64(i * 8, true)); break;
    default: {
      const codec = byteCodecs.get(t.dtype);
      if (!codec) throw new Error(`toFloat64: no element codec registered for ${t.dtype}`);
      for (let i = 0; i < n; i++) out[i] = codec.decode(t.data[i]);
    }
  }
  return out;
}

/**
 * A float tensor's values as a Float32Array (exact for fp32/bf16/fp16): the fast path for
 * large weights (a 14336x4096 bf16 weight decodes in well under a second).
 */
export function toFloat32(t: HostTensor): Float32Array {
  checkHostTensor(t);
  const n = numel(t.shape);
  if (t.dtype === 'bfloat16') {
    const out = new Float32Array(n);
    const bits = new Uint32Array(out.buffer);
    const src = t.data;
    for (let i = 0, j = 0; i < n; i++, j += 2) bits[i] = (src[j] | (src[j + 1] << 8)) << 16;
    return out;
  }
  if (t.dtype === 'float32' && t.data.byteOffset % 4 === 0) {
    return new Float32Array(t.data.buffer, t.data.byteOffset, n).slice();
  }
  return Float32Array.from(toFloat64(t));
}

/** Values -> HostTensor of `dtype`, rounding floats RNE; integers must be in range. */
export function fromFloat64(values: ArrayLike<number>, dtype: DType, shape: number[]): HostTensor {
  const n = numel(shape);
  if (values.length !== n) {
    throw new Error(`fromFloat64: ${values.length} values for shape [${shape.join(', ')}]`);
  }
  const data = new Uint8Array(n * bytesPerElement(dtype));
  const dv = new DataView(data.buffer);
  switch (dtype) {
    case 'float64': for (let i = 0; i < n; i++) dv.setFloat64(i * 8, values[i], true); break;
    case 'float32': for (let i = 0; i < n; i++) dv.setFloat32(i * 4, values[i], true); break;
    case 'bfloat16': for (let i = 0; i < n; i++) dv.setUint16(i * 2, toBFloat16Bits_(Math.fround(values[i])), true); break;
    case 'float16': for (let i = 0; i < n; i++) dv.setUint16(i * 2, toFloat16Bits_(values[i]), true); break;
    case 'int8': case 'uint8': case 'bool': case 'int16': case 'int32':
      writeIntegers(values, dtype, dv); break;
    case 'int64': for (let i = 0; i < n; i++) dv.setBigInt64(i * 8, BigInt(values[i]), true); break;
    default: {
      const codec = byteCodecs.get(dtype);
      if (!codec) throw new Error(`fromFloat64: no element codec registered for ${dtype}`);
      for (let i = 0; i < n; i++) data[i] = codec.encode(values[i]);
    }
  }
  return { dtype, shape: [...shape], data };
}

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], bool: [0, 1], int16: [-32768, 32767], int32: [-(2 ** 31), 2 ** 31 - 1],
};

function writeIntegers(values: ArrayLike<number>, dtype: DType, dv: DataView): void {
  const [lo, hi] = INT_RANGE[dtype]!;
  const size = bytesPerElement(dtype);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new Error(`fromFloat64: element ${i} = ${v} is not a ${dtype}`);
    }
    if (size === 1) dv.setInt8(i, v > 127 ? v - 256 : v);
    else if (size === 2) dv.setInt16(i * 2, v, true);
    else dv.setInt32(i * 4, v, true);
  }
}
