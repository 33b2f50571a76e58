// Every element type the safetensors format names, with its width in bits.
//
// The runtime keeps the format's own names (the compiler maps them to its DType names in
// src/model/dtypes.ts); sub-byte types (F4, F6_*) are stored packed, so a tensor's byte count
// is numel * bits / 8 and must come out whole.

export const SAFETENSORS_DTYPE_BITS = {
  BOOL: 8,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  C64: 64,
  F64: 64,
  I64: 64,
  U64: 64,
} as const;

export type SafetensorsDType = keyof typeof SAFETENSORS_DTYPE_BITS;

export const SAFETENSORS_DTYPES = Object.keys(SAFETENSORS_DTYPE_BITS) as SafetensorsDType[];

export function isSafetensorsDType(name: string): name is SafetensorsDType {
  return Object.prototype.hasOwnProperty.call(SAFETENSORS_DTYPE_BITS, name);
}

/** Number of elements of a shape (1 for a scalar). */
export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Bytes a tensor of this dtype and shape occupies, or null when the count is not a whole
 * number of bytes (an odd number of F4 elements, for example) or not a safe integer.
 */
export function byteSizeOf(dtype: SafetensorsDType, shape: readonly number[]): number | null {
  const bits = numelOf(shape) * SAFETENSORS_DTYPE_BITS[dtype];
  if (!Number.isSafeInteger(bits) || bits % 8 !== 0) return null;
  return bits / 8;
}
