// The one place where lowering asks the config registry (src/ir/configs/) whether a config
// call is valid: unknown config or argument, wrong type, a value torchao rejects. Each
// diagnostic points at the call or the argument.
//
// The registry lands in a parallel change; until src/ir/configs/index.ts exports
// `resolveConfig`, lowering checks only the language (names, patterns, predicates).
import type { ConfigValidator } from './scope.js';

export const defaultConfigValidator: ConfigValidator = () => [];
