// Stored tensors as runtime Tensors for kernels: the safetensors dtype names of a bundle mapped
// to the runtime's DType names, and reads straight into aligned host memory.
import { Tensor } from '../tensor.js';
import type { DType } from '../dtype.js';
import type { SafetensorsReader } from '../safetensors/index.js';
import type { StoredTensor } from './manifest.js';

const RUNTIME_DTYPES: Readonly<Record<string, DType>> = {
  BOOL: 'bool',
  U8: 'uint8',
  I8: 'int8',
  U16: 'uint16',
  I16: 'int16',
  U32: 'uint32',
  I32: 'int32',
  U64: 'uint64',
  I64: 'int64',
  F16: 'float16',
  BF16: 'bfloat16',
  F32: 'float32',
  F64: 'float64',
  F8_E4M3: 'float8_e4m3fn',
  F8_E5M2: 'float8_e5m2',
  F8_E8M0: 'float8_e8m0fnu',
  F4: 'float4_e2m1fn',
};

/** The runtime dtype of a safetensors dtype; an error for those kernels cannot take (F6, C64). */
export function runtimeDType(safetensorsDType: string): DType {
  const d = RUNTIME_DTYPES[safetensorsDType];
  if (!d)
    throw new Error(
      `safetensors dtype ${safetensorsDType} has no runtime tensor type; read its bytes with tensor() instead`,
    );
  return d;
}

/** Reads a stored tensor into fresh 64-byte-aligned host memory (what vector kernels want). */
export function readAsTensor(reader: SafetensorsReader, stored: StoredTensor): Tensor {
  const t = Tensor.empty(stored.shape, runtimeDType(stored.dtype));
  reader.readTensorSync(stored.name, t.bytes());
  return t;
}
