// Test helper: the FormatSpec of a golden case, through the product's own path — the config
// registry reads torchao's config_to_dict form and lowers it — so these tests also check the
// registry -> oracle contract.
import type { FormatSpec } from '../../../src/ir/format.js';
import { configFromTorchaoDict } from '../../../src/ir/configs/torchao-dict.js';
import { lowerToFormat } from '../../../src/ir/configs/index.js';

export function specFromConfig(configToDict: unknown): FormatSpec {
  const r = configFromTorchaoDict(configToDict);
  if (!r.ok) throw new Error(`golden config not accepted by the registry: ${JSON.stringify(r.diagnostics)}`);
  return lowerToFormat(r.config);
}
