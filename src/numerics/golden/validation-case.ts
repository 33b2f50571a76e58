// Golden `error` and `skipped_by_torchao` cases, checked against our config validation
// (the config registry, src/ir/configs, through recipe lowering for constructor text).
//
// - error: passes when we refuse the same config (at construction, or for the case's weight
//   shape/dtype through checkWeight) with torchao's exception type and message: the meaning
//   is the message, so it must appear in ours (whitespace-normalized).
// - skipped_by_torchao: torchao silently leaves the weight unquantized; we refuse instead
//   (dsl.md), and pass when checkWeight says so with a reason naming the offending dimension.
import type { Diagnostic } from '../../ir/diagnostic.js';
import { checkWeight, configFromTorchaoDict, type ResolvedConfig, type WeightCheck } from '../../ir/configs/index.js';
import { lowerSource } from '../../lower/load.js';
import type { GoldenCase } from './case.js';
import type { Check } from './compare.js';

export type ValidationOutcome = { checks: Check[] } | { skip: string };

interface WeightInput {
  shape: number[];
  dtype: string;
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

function sameMeaning(ours: string, type: string, message: string): boolean {
  const o = norm(ours);
  return o.includes(norm(message)) && (message !== '' || o.includes(type));
}

/** A Python constructor (possibly followed by " on K=48"-style prose) through recipe lowering. */
function diagnosticsOfConstructor(constructor: string): Diagnostic[] {
  // the recipe language quotes strings with "..." only; Python's '...' carries no escapes here
  const call = constructor.replace(/\)\s+on\s.*$/, ')').replace(/'([^'"\\]*)'/g, '"$1"');
  const text = `quant 1\nrecipe golden {\n  default -> ${call}\n}\n`;
  return lowerSource(text, '<golden constructor>').diagnostics.filter((d) => d.severity === 'error');
}

function weightOf(c: GoldenCase): WeightInput | null {
  const w = (c.manifest.inputs as { weight?: WeightInput } | undefined)?.weight;
  return w && Array.isArray(w.shape) ? w : null;
}

function checkOf(config: ResolvedConfig, w: WeightInput): WeightCheck {
  return checkWeight(config, { shape: w.shape, dtype: w.dtype, kind: 'linear' });
}

function errorCase(c: GoldenCase): Check[] {
  const { type, message } = c.manifest.error ?? { type: '', message: '' };
  const expected = `${type}: ${message}`;
  const fail = (detail: string): Check[] => [{ name: 'error', ok: false, detail: `torchao raises ${expected}; ${detail}` }];
  const dict = c.manifest.config?.config_to_dict;
  let ours: string[];
  if (dict) {
    const r = configFromTorchaoDict(dict);
    if (!r.ok) ours = r.diagnostics.map((d) => d.message);
    else {
      const w = weightOf(c);
      if (!w) return fail('we accept the config and the case gives no weight to check');
      const check = checkOf(r.config, w);
      if (check.status === 'ok') return fail(`we accept the config on weight [${w.shape.join(', ')}] ${w.dtype}`);
      ours = [check.status === 'error' ? `${check.error.exception}: ${check.error.message}` : check.reason];
    }
  } else {
    ours = diagnosticsOfConstructor(c.manifest.config?.constructor ?? '').map((d) => d.message);
    if (ours.length === 0) return fail('we accept the config');
  }
  if (ours.some((o) => sameMeaning(o, type, message))) return [{ name: 'error', ok: true, detail: '' }];
  return fail(`we say: ${ours.join(' | ')}`);
}

function skippedCase(c: GoldenCase): Check[] {
  const r = configFromTorchaoDict(c.manifest.config?.config_to_dict);
  if (!r.ok) return [{ name: 'skip', ok: false, detail: `the registry refuses the config itself: ${r.diagnostics.map((d) => d.message).join('; ')}` }];
  const w = weightOf(c) ?? (c.has('weight') ? { shape: c.tensor('weight').shape, dtype: c.tensor('weight').dtype } : null);
  if (!w) return [{ name: 'skip', ok: false, detail: 'the case gives no weight shape' }];
  const check = checkOf(r.config, w);
  if (check.status === 'ok') return [{ name: 'skip', ok: false, detail: `we would quantize weight [${w.shape.join(', ')}], torchao leaves it unquantized` }];
  const why = check.status === 'error' ? check.error.message : check.reason;
  const named = w.shape.some((d) => new RegExp(`\\b${d}\\b`).test(why));
  return [{ name: 'skip', ok: named, detail: named ? '' : `our refusal does not name the shape: ${why}` }];
}

export async function runValidationCase(c: GoldenCase): Promise<ValidationOutcome> {
  return { checks: c.manifest.status === 'error' ? errorCase(c) : skippedCase(c) };
}
