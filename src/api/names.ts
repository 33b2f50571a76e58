// torch dtypes and torchao enums as API values: `torch.int4`, `MappingType.SYMMETRIC`,
// `Int4PackingFormat.TILE_PACKED_TO_4D`. Each is the dotted name the DSL writes, so the API
// and the DSL produce the same IR. (Str-enums also accept their string values, as in torchao.)
// The member lists are the registry's (src/ir/configs/names.ts): one list per enum.
import { ENUM_ALIASES, ENUM_MEMBERS, TORCH_DTYPE_NAMES } from '../ir/configs/names.js';
import type { ConfigValue } from '../ir/recipe.js';
import { name } from './values.js';

function namespace<const K extends string>(prefix: string, members: readonly K[]): Readonly<Record<K, ConfigValue>> {
  return Object.freeze(Object.fromEntries(members.map((m) => [m, name(`${prefix}.${m}`)]))) as Record<K, ConfigValue>;
}

type AliasOf<E extends string> = E extends keyof typeof ENUM_ALIASES ? keyof (typeof ENUM_ALIASES)[E] & string : never;

/** An enum's namespace: its members and aliases (an alias is written as such; the registry resolves it). */
function enumNamespace<E extends keyof typeof ENUM_MEMBERS>(
  e: E,
): Readonly<Record<(typeof ENUM_MEMBERS)[E][number] | AliasOf<E>, ConfigValue>> {
  const aliases = Object.keys((ENUM_ALIASES as Record<string, Record<string, string>>)[e] ?? {});
  return namespace(e, [...ENUM_MEMBERS[e], ...aliases] as ((typeof ENUM_MEMBERS)[E][number] | AliasOf<E>)[]);
}

export const torch = namespace('torch', TORCH_DTYPE_NAMES);
export const MappingType = enumNamespace('MappingType');
export const Int4PackingFormat = enumNamespace('Int4PackingFormat');
export const Int4ChooseQParamsAlgorithm = enumNamespace('Int4ChooseQParamsAlgorithm');
export const IntxPackingFormat = enumNamespace('IntxPackingFormat');
export const IntxChooseQParamsAlgorithm = enumNamespace('IntxChooseQParamsAlgorithm');
export const Float8PackingFormat = enumNamespace('Float8PackingFormat');
export const KernelPreference = enumNamespace('KernelPreference');
export const ScaleCalculationMode = enumNamespace('ScaleCalculationMode');
export const QuantizationStep = enumNamespace('QuantizationStep');
export const NVFP4MMConfig = enumNamespace('NVFP4MMConfig');
export const MXGemmKernelChoice = enumNamespace('MXGemmKernelChoice');
