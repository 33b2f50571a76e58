// A golden manifest's config (torchao's config_to_dict JSON) -> FormatSpec, through the
// config registry (src/ir/configs): validated exactly as a written recipe config is, then
// lowered. FqnToConfig cases that assign one config to one module use that config.
import type { FormatSpec } from '../../ir/format.js';
import { configFromTorchaoDict, lowerToFormat } from '../../ir/configs/index.js';

export type SpecLookup = { spec: FormatSpec } | { skip: string } | { fail: string };

type Json = Record<string, unknown>;

/** The single config an FqnToConfig dict assigns, or null when it assigns several. */
function soleFqnConfig(config: Json): unknown {
  const data = (config._data ?? {}) as Json;
  const configs = Object.values((data.fqn_to_config ?? {}) as Json);
  return configs.length === 1 ? configs[0] : null;
}

export function formatSpecFromConfigDict(config: unknown): SpecLookup {
  if (typeof config !== 'object' || config === null) return { skip: 'manifest has no config_to_dict' };
  let dict = config as Json;
  if (dict._type === 'FqnToConfig') {
    const sole = soleFqnConfig(dict);
    if (!sole) return { skip: 'FqnToConfig with several configs: a module-selection case' };
    dict = sole as Json;
  }
  const resolved = configFromTorchaoDict(dict);
  if (!resolved.ok) {
    const why = resolved.diagnostics.map((d) => d.message).join('; ');
    return { fail: `the config registry refuses torchao's own config ${String(dict._type)}: ${why}` };
  }
  return { spec: lowerToFormat(resolved.config) };
}
