// The names torchao's configs are built from: torch dtypes, enums and small dataclasses
// (granularities, Float8MMConfig), as `Name.MEMBER` / `torch.x` / `Name(...)` in a recipe.
//
// Str-enums (`class X(str, Enum)`) also accept their string values, as in Python; torchao then
// keeps the string (see values.ts). Member string values that this page does not know for
// certain are the lower-case member name, which is torchao's convention for these enums.
import type { PyValue } from './values.js';

/** torch dtypes a config may name (`torch.<dtype>`), as a literal list the API's `torch` namespace reuses. */
export const TORCH_DTYPE_NAMES = [
  'int1',
  'int2',
  'int3',
  'int4',
  'int5',
  'int6',
  'int7',
  'int8',
  'int16',
  'int32',
  'int64',
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
  'float8_e4m3fnuz',
  'float8_e5m2fnuz',
  'float8_e8m0fnu',
  'float4_e2m1fn_x2',
  'bfloat16',
  'float16',
  'float32',
  'float64',
  'bool',
] as const;
export const TORCH_DTYPES: ReadonlySet<string> = new Set(TORCH_DTYPE_NAMES);
export const TORCH_DTYPE_ALIASES: Readonly<Record<string, string>> = {
  float: 'float32',
  half: 'float16',
  double: 'float64',
  long: 'int64',
  int: 'int32',
  short: 'int16',
};

export interface EnumDef {
  name: string;
  /** member → string value (str-enums) or null (plain enums such as MappingType). */
  members: Record<string, string | null>;
  /** Member aliases: `Float8PackingFormat.SPARSE_CUTLASS` is `SPARSE_2D_DATA_2D_METADATA`. */
  aliases?: Record<string, string>;
}

/**
 * Every enum's members, as literal lists: the one source for the registry's validation (ENUMS)
 * and the API's typed namespaces (src/api/names.ts). Aliases are listed in ENUM_ALIASES.
 */
export const ENUM_MEMBERS = {
  MappingType: ['SYMMETRIC', 'SYMMETRIC_NO_CLIPPING_ERR', 'ASYMMETRIC'],
  Int4PackingFormat: ['PLAIN', 'PRESHUFFLED', 'PLAIN_INT32', 'TILE_PACKED_TO_4D'],
  Int4ChooseQParamsAlgorithm: ['TINYGEMM', 'HQQ'],
  IntxPackingFormat: [
    'UNPACKED_TO_INT8',
    'OPAQUE_ATEN_KLEIDIAI',
    'OPAQUE_TORCHAO_AUTO',
    'OPAQUE_TORCHAO_KLEIDIAI',
    'OPAQUE_TORCHAO_LOWBIT',
  ],
  IntxChooseQParamsAlgorithm: ['AFFINE', 'HQQ_SCALE_ONLY'],
  Float8PackingFormat: ['PLAIN', 'SPARSE_2D_DATA_2D_METADATA', 'SPARSE_1D_DATA_1D_METADATA'],
  KernelPreference: ['AUTO', 'TORCH', 'MSLK', 'EMULATED'],
  ScaleCalculationMode: ['FLOOR', 'RCEIL', 'CEIL', 'EVEN'],
  QuantizationStep: ['PREPARE', 'CONVERT'],
  /** The seed's NVFP4InferenceConfig(mm_config=...) enum, removed from torchao (§0). */
  NVFP4MMConfig: ['DYNAMIC', 'WEIGHT_ONLY'],
  /** The seed's MXFPInferenceConfig(gemm_kernel_choice=...) enum. */
  MXGemmKernelChoice: ['EMULATED', 'CUTLASS', 'CUBLAS'],
} as const;

/** Member aliases: `Float8PackingFormat.SPARSE_CUTLASS` is `SPARSE_2D_DATA_2D_METADATA`. */
export const ENUM_ALIASES = {
  Float8PackingFormat: { SPARSE_CUTLASS: 'SPARSE_2D_DATA_2D_METADATA' },
} as const satisfies Partial<Record<keyof typeof ENUM_MEMBERS, Record<string, string>>>;

/** Plain (not str) enums: members have no string value. */
const PLAIN_ENUMS: ReadonlySet<string> = new Set(['MappingType']);

export const ENUMS: Readonly<Record<string, EnumDef>> = Object.fromEntries(
  Object.entries(ENUM_MEMBERS).map(([name, members]) => {
    const aliases = (ENUM_ALIASES as Record<string, Record<string, string>>)[name];
    const def: EnumDef = {
      name,
      members: Object.fromEntries(members.map((m) => [m, PLAIN_ENUMS.has(name) ? null : m.toLowerCase()])),
      ...(aliases ? { aliases } : {}),
    };
    return [name, def];
  }),
);

/** Canonical member of a str-enum value written as a member or as its string; null if neither. */
export function enumMemberOf(v: PyValue, enumName: string): string | null {
  const def = ENUMS[enumName];
  if (!def) return null;
  if (typeof v === 'string') {
    const hit = Object.entries(def.members).find(([, s]) => s === v);
    return hit ? hit[0] : null;
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && v.py === 'enum' && v.type === enumName) {
    return v.member in def.members ? v.member : null;
  }
  return null;
}

/** Small dataclasses a config argument may construct: fields in positional order with defaults. */
export interface ObjectDef {
  name: string;
  fields: { name: string; kind: 'int' | 'bool' | 'int_list'; default?: PyValue }[];
}

export const OBJECTS: Readonly<Record<string, ObjectDef>> = {
  PerTensor: { name: 'PerTensor', fields: [] },
  PerAxis: { name: 'PerAxis', fields: [{ name: 'axis', kind: 'int' }] },
  PerRow: { name: 'PerRow', fields: [{ name: 'dim', kind: 'int', default: -1 }] },
  PerGroup: { name: 'PerGroup', fields: [{ name: 'group_size', kind: 'int' }] },
  PerToken: { name: 'PerToken', fields: [] },
  PerBlock: { name: 'PerBlock', fields: [{ name: 'block_size', kind: 'int_list' }] },
  Float8MMConfig: {
    name: 'Float8MMConfig',
    fields: [
      { name: 'emulate', kind: 'bool', default: false },
      { name: 'use_fast_accum', kind: 'bool', default: false },
      { name: 'pad_inner_dim', kind: 'bool', default: false },
    ],
  },
};

export const GRANULARITIES: ReadonlySet<string> = new Set([
  'PerTensor',
  'PerAxis',
  'PerRow',
  'PerGroup',
  'PerToken',
  'PerBlock',
]);
