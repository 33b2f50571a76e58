// The shape of the API's config builders: a typed function from camelCase options to the
// ConfigCall IR the DSL writes, plus its option list (test/api/configs.test.ts compares it with
// the config registry's parameters).
import type { ConfigCall, ConfigValue } from '../ir/recipe.js';
import { configCall } from './values.js';

/** A torch dtype: `torch.int4`, `torch.float8_e4m3fn`. */
export type DType = ConfigValue;
/** A granularity call: `perRow()`, `perGroup(32)`. */
export type Granularity = ConfigCall;
/** One granularity, a list of them, or a tuple (`tuple(perBlock([1, 128]), perBlock([128, 128]))`). */
export type Granularities = Granularity | readonly Granularity[] | ConfigValue;
/** A str-enum: a member (`Int4PackingFormat.PLAIN`) or its string value (`"plain"`). */
export type EnumValue = ConfigValue | string;

export interface Versioned {
  /** torchao's config `version`; version 1 layouts are accepted where the seed documents them. */
  version?: number;
}
export interface Inductor {
  setInductorConfig?: boolean;
}

/**
 * `keys` lists the options (a test compares them with the registry's parameters); an option
 * outside it is a TypeError, for callers from plain JavaScript.
 */
export interface ConfigBuilder<O> {
  (options?: O): ConfigCall;
  readonly configName: string;
  readonly optionKeys: readonly string[];
}

export function builder<O extends object>(name: string, keys: readonly (keyof O & string)[]): ConfigBuilder<O> {
  const build = (options: O = {} as O): ConfigCall => {
    const unknown = Object.keys(options).filter((k) => !(keys as readonly string[]).includes(k));
    if (unknown.length)
      throw new TypeError(
        `${name} has no option ${unknown.map((k) => `\`${k}\``).join(', ')}; options: ${keys.join(', ')}`,
      );
    return configCall(name, options as Record<string, never>);
  };
  return Object.assign(build, { configName: name, optionKeys: keys });
}
