// ResolvedConfig → a written config call (Recipe IR), the inverse direction of resolveConfig:
// for building recipes from torchao's JSON (FqnToConfig dicts in golden manifests) and for
// printing a resolved config as recipe text. Only non-default arguments are written, so that
// resolveConfig(toConfigCall(c)) gives back c.
import type { ConfigCall, ConfigValue } from '../recipe.js';
import type { ResolvedConfig } from './types.js';
import { CONFIGS } from './registry.js';
import { pyEqual, type PyValue } from './values.js';

export function toConfigCall(config: ResolvedConfig): ConfigCall {
  const def = CONFIGS.get(config.name);
  if (!def) throw new Error(`not a registry config: ${config.name}`);
  // Fields normalized by __post_init__ are written out in full; equal-to-default ones are left out.
  const args = def.params
    .filter((p) => !pyEqual(config.params[p.name]!, p.default))
    .map((p) => ({ name: p.name, value: toConfigValue(config.params[p.name]!) }));
  if (config.version !== def.version)
    args.push({ name: 'version', value: { kind: 'number', value: config.version, isInteger: true } });
  return { kind: 'call', callee: config.name, args };
}

export function toConfigValue(v: PyValue): ConfigValue {
  if (v === null) return { kind: 'none' };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'number') return { kind: 'number', value: v, isInteger: Number.isInteger(v) };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (Array.isArray(v)) return { kind: 'list', items: v.map(toConfigValue) };
  switch (v.py) {
    case 'dtype':
      return { kind: 'name', path: `torch.${v.name}` };
    case 'enum':
      return { kind: 'name', path: `${v.type}.${v.member}` };
    case 'tuple':
      return { kind: 'tuple', items: v.items.map(toConfigValue) };
    case 'object':
      return {
        kind: 'call',
        callee: v.type,
        args: Object.entries(v.fields).map(([name, f]) => ({ name, value: toConfigValue(f) })),
      };
  }
}
