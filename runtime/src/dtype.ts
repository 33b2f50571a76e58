// Element types the runtime passes to kernels, named as torch names them, with their DLPack
// encoding (code, bits, lanes). Types without a JS TypedArray (bfloat16, float8, float4, int4)
// travel as raw bytes: give a Uint8Array/Uint16Array/Buffer plus the dtype. Packed sub-byte data
// can also be described as plain uint8 bytes, which is what most kernels take.

/** DLPack type codes (dlpack.h `DLDataTypeCode`). */
const DL = {
  int: 0,
  uint: 1,
  float: 2,
  bfloat: 4,
  bool: 6,
  float8_e4m3fn: 10,
  float8_e5m2: 12,
  float8_e8m0fnu: 14,
  float4_e2m1fn: 17,
} as const;

export interface DTypeInfo {
  readonly code: number;
  readonly bits: number;
  readonly lanes: number;
}

const DTYPES = {
  bool: { code: DL.bool, bits: 8, lanes: 1 },
  int8: { code: DL.int, bits: 8, lanes: 1 },
  int16: { code: DL.int, bits: 16, lanes: 1 },
  int32: { code: DL.int, bits: 32, lanes: 1 },
  int64: { code: DL.int, bits: 64, lanes: 1 },
  uint8: { code: DL.uint, bits: 8, lanes: 1 },
  uint16: { code: DL.uint, bits: 16, lanes: 1 },
  uint32: { code: DL.uint, bits: 32, lanes: 1 },
  uint64: { code: DL.uint, bits: 64, lanes: 1 },
  float16: { code: DL.float, bits: 16, lanes: 1 },
  float32: { code: DL.float, bits: 32, lanes: 1 },
  float64: { code: DL.float, bits: 64, lanes: 1 },
  bfloat16: { code: DL.bfloat, bits: 16, lanes: 1 },
  float8_e4m3fn: { code: DL.float8_e4m3fn, bits: 8, lanes: 1 },
  float8_e5m2: { code: DL.float8_e5m2, bits: 8, lanes: 1 },
  float8_e8m0fnu: { code: DL.float8_e8m0fnu, bits: 8, lanes: 1 },
  // Packed sub-byte types: two elements per byte, first element in the low nibble.
  int4: { code: DL.int, bits: 4, lanes: 1 },
  uint4: { code: DL.uint, bits: 4, lanes: 1 },
  float4_e2m1fn: { code: DL.float4_e2m1fn, bits: 4, lanes: 1 },
} as const satisfies Record<string, DTypeInfo>;

export type DType = keyof typeof DTYPES;

export const DTYPE_NAMES = Object.keys(DTYPES) as DType[];

export function isDType(name: unknown): name is DType {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(DTYPES, name);
}

export function dtypeInfo(dtype: DType): DTypeInfo {
  return DTYPES[dtype];
}

/** The name of a DLPack (code, bits, lanes) triple, or undefined for types we do not name. */
export function dtypeFromDLPack(code: number, bits: number, lanes: number): DType | undefined {
  return DTYPE_NAMES.find((n) => DTYPES[n].code === code && DTYPES[n].bits === bits && DTYPES[n].lanes === lanes);
}

/** Sub-byte types are stored packed and must be contiguous; strides count whole elements. */
export function isSubByte(dtype: DType): boolean {
  return DTYPES[dtype].bits < 8;
}

/** Bytes of one element (fractional for packed sub-byte types). */
export function bytesPerElement(dtype: DType): number {
  return (DTYPES[dtype].bits * DTYPES[dtype].lanes) / 8;
}

/** Bytes needed for `numel` packed elements: ceil(numel * bits * lanes / 8), as DLPack counts. */
export function byteSize(dtype: DType, numel: number): number {
  return Math.ceil((numel * DTYPES[dtype].bits * DTYPES[dtype].lanes) / 8);
}

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** The dtype a TypedArray holds by itself (Uint16Array → uint16: pass dtype for bf16/fp16). */
export function dtypeOfTypedArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof BigInt64Array) return 'int64';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof BigUint64Array) return 'uint64';
  return 'uint8';
}
