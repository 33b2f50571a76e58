// High-precision tensors (fp32/bf16/fp16) as Float32Array values and back, fast enough for
// real layers: no per-element allocation, bit operations for bf16, a table for fp16.
//
// Invariant: every bf16/fp16/fp32 value is exactly a float32, so `readFloats` is lossless and
// keeps NaN sign bits (callers read them through a Uint32Array view); `writeFloats` rounds each
// value to the dtype once, to nearest even (PyTorch's cast from fp32).
import type { FloatDType } from '../../ir/format.js';
import type { HostTensor } from '../host-tensor.js';
import { fromFloat16Bits, roundBFloat16, roundFloat16, toBFloat16Bits, toFloat16Bits } from '../elements/float16.js';
import { checkHostTensor, numel } from '../host-codec.js';

let fp16Table: Float32Array | null = null;
function float16Table(): Float32Array {
  if (!fp16Table) {
    fp16Table = new Float32Array(0x10000);
    for (let b = 0; b < 0x10000; b++) fp16Table[b] = fromFloat16Bits(b);
  }
  return fp16Table;
}

export function isFloatDType(dtype: string): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'bfloat16' || dtype === 'float16';
}

/** A bf16/fp16/fp32 HostTensor's values as float32 (a copy). */
export function readFloats(t: HostTensor, what: string): Float32Array {
  checkHostTensor(t, what);
  if (!isFloatDType(t.dtype)) {
    throw new Error(`${what}: expected a float32, bfloat16 or float16 tensor, got ${t.dtype}`);
  }
  const n = numel(t.shape);
  const bytes = t.data.byteOffset % 4 === 0 ? t.data : t.data.slice();
  if (t.dtype === 'float32') return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n * 4));
  const halves = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
  const out = new Float32Array(n);
  if (t.dtype === 'bfloat16') {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) bits[i] = halves[i] << 16;
  } else {
    const table = float16Table();
    for (let i = 0; i < n; i++) out[i] = table[halves[i]];
  }
  return out;
}

/** Values rounded (RNE) into a new HostTensor of `dtype`. */
export function writeFloats(values: ArrayLike<number>, dtype: FloatDType, shape: number[]): HostTensor {
  const n = numel(shape);
  if (values.length !== n) throw new Error(`writeFloats: ${values.length} values for shape [${shape.join(', ')}]`);
  if (dtype === 'float32') {
    const f = Float32Array.from(values);
    return { dtype, shape: [...shape], data: new Uint8Array(f.buffer) };
  }
  const halves = new Uint16Array(n);
  if (dtype === 'bfloat16') for (let i = 0; i < n; i++) halves[i] = toBFloat16Bits(values[i]);
  else for (let i = 0; i < n; i++) halves[i] = toFloat16Bits(Math.fround(values[i]));
  return { dtype, shape: [...shape], data: new Uint8Array(halves.buffer) };
}

/**
 * The result of one PyTorch elementwise op in `dtype`: computed in fp32 (the CPU opmath type
 * of bf16/fp16, and fp32 itself), then rounded to the dtype.
 */
export function roundTo(v: number, dtype: FloatDType): number {
  const f = Math.fround(v);
  if (dtype === 'float32') return f;
  return dtype === 'bfloat16' ? roundBFloat16(f) : roundFloat16(f);
}

/** Sign bit of the float32 at index i of `values` (meaningful for NaN, whose sign JS hides). */
export function signBitsOf(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}
