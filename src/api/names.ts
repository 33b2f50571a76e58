// torch dtypes and torchao enums as API values: `torch.int4`, `MappingType.SYMMETRIC`,
// `Int4PackingFormat.TILE_PACKED_TO_4D`. Each is the dotted name the DSL writes, so the API
// and the DSL produce the same IR. (Str-enums also accept their string values, as in torchao.)
import type { ConfigValue } from '../ir/recipe.js';
import { name } from './values.js';

function namespace<const K extends string>(prefix: string, members: readonly K[]): Readonly<Record<K, ConfigValue>> {
  return Object.freeze(Object.fromEntries(members.map((m) => [m, name(`${prefix}.${m}`)]))) as Record<K, ConfigValue>;
}

export const torch = namespace('torch', [
  'int1',
  'int2',
  'int3',
  'int4',
  'int5',
  'int6',
  'int7',
  'int8',
  'uint1',
  'uint2',
  'uint3',
  'uint4',
  'uint5',
  'uint6',
  'uint7',
  'uint8',
  'float8_e4m3fn',
  'float8_e5m2',
  'float8_e8m0fnu',
  'bfloat16',
  'float16',
  'float32',
] as const);

export const MappingType = namespace('MappingType', ['SYMMETRIC', 'SYMMETRIC_NO_CLIPPING_ERR', 'ASYMMETRIC'] as const);
export const Int4PackingFormat = namespace('Int4PackingFormat', [
  'PLAIN',
  'PRESHUFFLED',
  'PLAIN_INT32',
  'TILE_PACKED_TO_4D',
] as const);
export const Int4ChooseQParamsAlgorithm = namespace('Int4ChooseQParamsAlgorithm', ['TINYGEMM', 'HQQ'] as const);
export const IntxPackingFormat = namespace('IntxPackingFormat', [
  'UNPACKED_TO_INT8',
  'OPAQUE_ATEN_KLEIDIAI',
  'OPAQUE_TORCHAO_AUTO',
  'OPAQUE_TORCHAO_KLEIDIAI',
  'OPAQUE_TORCHAO_LOWBIT',
] as const);
export const IntxChooseQParamsAlgorithm = namespace('IntxChooseQParamsAlgorithm', [
  'AFFINE',
  'HQQ_SCALE_ONLY',
] as const);
export const Float8PackingFormat = namespace('Float8PackingFormat', [
  'PLAIN',
  'SPARSE_2D_DATA_2D_METADATA',
  'SPARSE_1D_DATA_1D_METADATA',
  'SPARSE_CUTLASS',
] as const);
export const KernelPreference = namespace('KernelPreference', ['AUTO', 'TORCH', 'MSLK', 'EMULATED'] as const);
export const ScaleCalculationMode = namespace('ScaleCalculationMode', ['FLOOR', 'RCEIL', 'CEIL', 'EVEN'] as const);
export const QuantizationStep = namespace('QuantizationStep', ['PREPARE', 'CONVERT'] as const);
export const NVFP4MMConfig = namespace('NVFP4MMConfig', ['DYNAMIC', 'WEIGHT_ONLY'] as const);
export const MXGemmKernelChoice = namespace('MXGemmKernelChoice', ['EMULATED', 'CUTLASS', 'CUBLAS'] as const);
