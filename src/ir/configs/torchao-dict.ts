// torchao's JSON form of a config (torchao/core/config.py::config_to_dict):
// `{"_type": ClassName, "_version": version, "_data": {field: value}}`, and its inverse.
// The inverse runs the same validation as a written config, so a golden manifest's dict and a
// recipe's config meet in one ResolvedConfig.
import type { Diagnostic } from '../diagnostic.js';
import { catalog, diagnostic } from '../diagnostic-catalog.js';
import type { Params, ResolvedConfig } from './types.js';
import { CONFIGS, ALL_CONFIG_NAMES } from './registry.js';
import { finish, type ResolveResult } from './resolve.js';
import { typeMismatch } from './convert.js';
import { didYouMean } from './suggest.js';
import { fromTorchaoJson, toTorchaoJson, pyRepr, type TorchaoJson } from './values.js';

export interface TorchaoConfigDict {
  _type: string;
  _version: number;
  _data: Record<string, TorchaoJson>;
}

export function toTorchaoDict(config: ResolvedConfig): TorchaoConfigDict {
  const data: Record<string, TorchaoJson> = {};
  for (const [k, v] of Object.entries(config.params)) data[k] = toTorchaoJson(v);
  return { _type: config.name, _version: config.version, _data: data };
}

export function configFromTorchaoDict(dict: unknown): ResolveResult {
  const bad = (path: string, reason: string, hint?: string): ResolveResult => ({
    ok: false,
    diagnostics: [diagnostic(catalog.invalidTorchaoDict, { path, reason }, null, hint ? { hint } : {})],
  });
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict))
    return bad('$', 'expected an object {"_type", "_version", "_data"}');
  const d = dict as Record<string, unknown>;
  if (typeof d['_type'] !== 'string') return bad('$._type', 'missing or not a string');
  const def = CONFIGS.get(d['_type']);
  if (!def) {
    const hint = didYouMean(d['_type'], ALL_CONFIG_NAMES);
    return bad('$._type', `unknown config ${d['_type']}`, 'hint' in hint ? hint.hint : undefined);
  }
  const version = d['_version'] ?? def.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) return bad('$._version', 'must be an integer');
  const data = d['_data'];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return bad('$._data', 'must be an object');
  const values: Params = { version };
  const problems: Diagnostic[] = [];
  for (const [k, raw] of Object.entries(data as Record<string, TorchaoJson>)) {
    const spec = def.params.find((p) => p.name === k);
    if (!spec) {
      problems.push(
        diagnostic(
          catalog.invalidTorchaoDict,
          { path: `$._data.${k}`, reason: `${def.name} has no field ${k}` },
          null,
          didYouMean(
            k,
            def.params.map((p) => p.name),
          ),
        ),
      );
      continue;
    }
    let value;
    try {
      value = fromTorchaoJson(raw, `$._data.${k}`);
    } catch (err) {
      problems.push(
        diagnostic(catalog.invalidTorchaoDict, { path: `$._data.${k}`, reason: (err as Error).message }, null),
      );
      continue;
    }
    const expected = typeMismatch(value, spec.type, spec.optional === true);
    if (expected) {
      problems.push(
        diagnostic(catalog.wrongArgumentType, { config: def.name, name: k, expected, actual: pyRepr(value) }, null),
      );
      continue;
    }
    values[k] = value;
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  return finish(def, def.name, values, {}, null);
}
