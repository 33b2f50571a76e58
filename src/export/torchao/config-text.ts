// A bundle records each decision's config as its canonical Python text
// (`Float8DynamicActivationFloat8WeightConfig(granularity=PerRow())`, describeConfig). The
// export needs the config's fields a FormatSpec drops (kernel preference, Float8MMConfig), so
// the text goes back through the recipe language's own parser and the config registry.
//
// Invariant: resolves exactly the config a recipe writing the same text would get.
import { resolveConfig, type ResolvedConfig } from '../../ir/configs/index.js';
import { lowerSource } from '../../lower/load.js';

export function configFromText(text: string, where: string): ResolvedConfig {
  const source = `recipe export {\n  default -> ${text}\n}\n`;
  const lowered = lowerSource(source, `${where} (config)`);
  const action = lowered.file?.recipes[0]?.rules[0]?.action;
  const errors = lowered.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || action?.kind !== 'config')
    throw new Error(
      `${where}: cannot read the recorded config '${text}': ${errors.map((d) => d.message).join('; ') || 'not a config call'}`,
    );
  const r = resolveConfig(action.config);
  if (!r.ok)
    throw new Error(
      `${where}: the recorded config '${text}' does not resolve: ${r.diagnostics.map((d) => d.message).join('; ')}`,
    );
  return r.config;
}
