// The one place where lowering asks the config registry (src/ir/configs/) whether a config
// call is valid: unknown config or argument, wrong type, a value torchao rejects. Each
// diagnostic points at the call or the argument (the registry reads the IR spans).
import { resolveConfig } from '../ir/configs/index.js';
import type { ConfigValidator } from './scope.js';

export const defaultConfigValidator: ConfigValidator = (call) => {
  const r = resolveConfig(call);
  return r.ok ? [] : r.diagnostics;
};
