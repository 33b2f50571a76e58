// The config registry's public entry: every torchao config quantforge knows, with torchao's
// parameters, defaults and errors (torchao-semantics.md §3), lowered to FormatSpecs.
//
//   resolveConfig(call)          written config (Recipe IR) → ResolvedConfig | diagnostics
//   toTorchaoDict(config)        → torchao's config_to_dict JSON
//   configFromTorchaoDict(dict)  ← torchao's JSON (golden manifests), validated the same way
//   lowerToFormat(config)        → FormatSpec (src/ir/format.ts)
//   checkWeight(config, weight)  → ok | skip (torchao would leave it unquantized) | error
import type { FormatSpec } from '../format.js';
import type { ResolvedConfig, WeightCheck, WeightInfo } from './types.js';
import { CONFIGS } from './registry.js';

export type { ResolvedConfig, WeightCheck, WeightInfo, TorchaoError, ConfigDef, AliasDef } from './types.js';
export { resolveConfig, type ResolveResult } from './resolve.js';
export { toTorchaoDict, configFromTorchaoDict, type TorchaoConfigDict } from './torchao-dict.js';
export { CONFIGS, ALIAS_DEFS, ALL_CONFIG_NAMES, CONFIG_DEFS } from './registry.js';
export { pyRepr, type PyValue } from './values.js';

export function lowerToFormat(config: ResolvedConfig): FormatSpec {
  return definition(config).lower(config.params, config.version);
}

export function checkWeight(config: ResolvedConfig, weight: WeightInfo): WeightCheck {
  return definition(config).checkWeight(config.params, config.version, weight);
}

/** Whether torchao can apply the config to one parameter (FqnToConfig parameter keys, §1.3). */
export function supportsParameterLevel(config: ResolvedConfig): boolean {
  return definition(config).parameterLevel;
}

/** Python text of a resolved config: `Int4WeightOnlyConfig(group_size=128, ...)`, non-defaults only. */
export function describeConfig(config: ResolvedConfig): string {
  const def = definition(config);
  // Compare with the defaults as __post_init__ leaves them, so normalized fields stay quiet.
  const raw = Object.fromEntries(def.params.map((p) => [p.name, p.default]));
  const defaults = def.normalize ? def.normalize(raw, config.version) : raw;
  const args = def.params
    .filter((p) => JSON.stringify(config.params[p.name]) !== JSON.stringify(defaults[p.name]))
    .map((p) => `${p.name}=${pyReprLocal(config.params[p.name])}`);
  if (config.version !== def.version) args.push(`version=${config.version}`);
  return `${config.name}(${args.join(', ')})`;
}

import { pyRepr as pyReprLocal } from './values.js';

function definition(config: ResolvedConfig) {
  const def = CONFIGS.get(config.name);
  if (!def) throw new Error(`not a registry config: ${config.name}`);
  return def;
}
export { toConfigCall, toConfigValue } from './to-call.js';
