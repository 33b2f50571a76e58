// TypeScript values → Recipe IR config values. The API writes configs as the DSL does:
// `PerGroup(32)`, `torch.int4`, `MappingType.SYMMETRIC`, lists and tuples. Plain JS values
// (numbers, strings, booleans, null, arrays) convert directly; names, tuples, floats and calls
// are IR values built with the helpers below.
import type { ConfigCall, ConfigValue } from '../ir/recipe.js';

/** What an option or argument of the API accepts. */
export type ApiValue = number | string | boolean | null | readonly ApiValue[] | ConfigValue;

export const isConfigValue = (v: unknown): v is ConfigValue =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { kind?: unknown }).kind === 'string';

/**
 * A JS number is an integer when it has no fractional part, as `128` in the DSL. A parameter
 * typed float (`activation_value_lb`) is written with `float(1)` to read as `1.0`.
 */
export function toConfigValue(v: ApiValue): ConfigValue {
  if (v === null) return { kind: 'none' };
  if (typeof v === 'number') return { kind: 'number', value: v, isInteger: Number.isInteger(v) };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (Array.isArray(v)) return { kind: 'list', items: v.map(toConfigValue) };
  if (isConfigValue(v)) return v;
  throw new TypeError(
    `cannot use ${JSON.stringify(v)} as a config value: expected a number, string, boolean, null, array, or a value from the quantforge API`,
  );
}

/** A dotted name: `name('torch.int4')`, `name('MappingType.SYMMETRIC')`. */
export const name = (path: string): ConfigValue => ({ kind: 'name', path });

/** A Python tuple: `tuple(1, 128)` is `(1, 128)`. */
export const tuple = (...items: ApiValue[]): ConfigValue => ({ kind: 'tuple', items: items.map(toConfigValue) });

/** A number written as a float (`1.0`), for float-typed parameters given an integral value. */
export const float = (value: number): ConfigValue => ({ kind: 'number', value, isInteger: false });

/** Any call, as written: `call('PerGroup', [32])`, `call('X', [], { group_size: 32 })`. */
export function call(
  callee: string,
  positional: readonly ApiValue[] = [],
  keywords: Readonly<Record<string, ApiValue>> = {},
): ConfigCall {
  return {
    kind: 'call',
    callee,
    args: [
      ...positional.map((v) => ({ name: null, value: toConfigValue(v) })),
      ...Object.entries(keywords).map(([k, v]) => ({ name: k, value: toConfigValue(v) })),
    ],
  };
}

/** `groupSize` → `group_size`, `int4PackingFormat` → `int4_packing_format`. */
export const snakeCase = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** `group_size` → `groupSize`. */
export const camelCase = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A config call from camelCase options, keyword arguments in the order the options were written. */
export function configCall(callee: string, options: Readonly<Record<string, ApiValue | undefined>> = {}): ConfigCall {
  const keywords: Record<string, ApiValue> = {};
  for (const [k, v] of Object.entries(options)) if (v !== undefined) keywords[snakeCase(k)] = v;
  return call(callee, [], keywords);
}

/** An IR value written literally (emit-ts's exact fallback); the IR's own type checks it. */
export const irValue = (v: ConfigValue): ConfigValue => v;
