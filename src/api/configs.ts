// One typed builder per torchao config (torchao-semantics.md §3), named as torchao names the
// class and taking camelCase options: `Int4WeightOnlyConfig({ groupSize: 128 })` is the DSL's
// `Int4WeightOnlyConfig(group_size=128)`, the same ConfigCall IR (keyword arguments in the
// order the options are written). Validation is the config registry's, at recipe build time.
import type { ConfigBuilder } from './config-builder.js';
import * as float from './float-configs.js';
import * as int from './int-configs.js';

export * from './config-builder.js';
export * from './float-configs.js';
export * from './int-configs.js';

/** Every builder by config name (emit-ts and the staleness test use it). */
export const CONFIG_BUILDERS: Readonly<Record<string, ConfigBuilder<never>>> = Object.fromEntries(
  (Object.values({ ...int, ...float }) as unknown[])
    .filter((b): b is ConfigBuilder<never> => typeof b === 'function' && 'configName' in b)
    .map((b) => [b.configName, b]),
);
