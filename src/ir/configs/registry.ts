// Every config the registry knows, by torchao class name, and the seed aliases.
// Adding a config: write its file (a ConfigDef) and add it to CONFIG_DEFS.
import type { AliasDef, ConfigDef } from './types.js';
import { int8WeightOnly } from './int8-weight-only.js';
import { int8DynamicActivationInt8Weight } from './int8-dynamic-activation-int8-weight.js';
import { float8WeightOnly } from './float8-weight-only.js';
import { float8DynamicActivationFloat8Weight } from './float8-dynamic-activation-float8-weight.js';
import { int4WeightOnly } from './int4-weight-only.js';
import { float8DynamicActivationInt4Weight } from './float8-dynamic-activation-int4-weight.js';
import { intxWeightOnly } from './intx-weight-only.js';
import { int8DynamicActivationIntxWeight } from './int8-dynamic-activation-intx-weight.js';
import { mxDynamicActivationMXWeight } from './mx-dynamic-activation-mx-weight.js';
import { nvfp4DynamicActivationNVFP4Weight, nvfp4WeightOnly } from './nvfp4.js';
import { ALIASES } from './aliases.js';

export const CONFIG_DEFS: readonly ConfigDef[] = [
  float8DynamicActivationFloat8Weight,
  float8WeightOnly,
  int8DynamicActivationInt8Weight,
  int8WeightOnly,
  int4WeightOnly,
  float8DynamicActivationInt4Weight,
  intxWeightOnly,
  int8DynamicActivationIntxWeight,
  mxDynamicActivationMXWeight,
  nvfp4DynamicActivationNVFP4Weight,
  nvfp4WeightOnly,
];

export const CONFIGS: ReadonlyMap<string, ConfigDef> = new Map(CONFIG_DEFS.map((d) => [d.name, d]));
export const ALIAS_DEFS: ReadonlyMap<string, AliasDef> = new Map(ALIASES.map((a) => [a.name, a]));
export const ALL_CONFIG_NAMES: readonly string[] = [...CONFIGS.keys(), ...ALIAS_DEFS.keys()];

/** A config's positional parameter order: its fields with `version` where the dataclass has it. */
export function positionalOrder(def: ConfigDef): string[] {
  const names = def.params.map((p) => p.name);
  names.splice(def.versionPosition, 0, 'version');
  return names;
}
