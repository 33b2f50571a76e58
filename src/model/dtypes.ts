// Safetensors dtype names ↔ the project's DType names (src/ir/format.ts).
//
// The runtime reader keeps the format's names; everything above the runtime speaks DType. A
// safetensors dtype with no DType (U16, U32, U64, C64, packed F4/F6) is still read and copied
// byte for byte, but cannot be quantized or handed to the numerics: `toDType` says so by name.
import type { DType } from '../ir/format.js';
import type { SafetensorsDType } from '../../runtime/src/safetensors/index.js';

const TO_DTYPE: Partial<Record<SafetensorsDType, DType>> = {
  F64: 'float64',
  F32: 'float32',
  F16: 'float16',
  BF16: 'bfloat16',
  F8_E4M3: 'float8_e4m3fn',
  F8_E5M2: 'float8_e5m2',
  F8_E8M0: 'float8_e8m0fnu',
  I8: 'int8',
  U8: 'uint8',
  I16: 'int16',
  I32: 'int32',
  I64: 'int64',
  BOOL: 'bool',
};

const TO_SAFETENSORS = Object.fromEntries(Object.entries(TO_DTYPE).map(([k, v]) => [v, k])) as Record<
  DType,
  SafetensorsDType
>;

const BYTES: Record<DType, number> = {
  float64: 8,
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float8_e4m3fn: 1,
  float8_e5m2: 1,
  float8_e8m0fnu: 1,
  int8: 1,
  uint8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  bool: 1,
};

/** The DType of a safetensors dtype, or null when the project has none for it. */
export function toDType(dtype: SafetensorsDType): DType | null {
  return TO_DTYPE[dtype] ?? null;
}

export function toSafetensorsDType(dtype: DType): SafetensorsDType {
  const name = TO_SAFETENSORS[dtype];
  if (!name) throw new Error(`no safetensors dtype for '${dtype}'`);
  return name;
}

export function bytesPerElement(dtype: DType): number {
  return BYTES[dtype];
}
