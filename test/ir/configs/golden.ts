// Test helper: the golden manifests of ../shared/golden (torchao's own behaviour).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const GOLDEN = join(process.cwd(), '..', 'shared', 'golden');

export interface GoldenManifest {
  case_id: string;
  status: string;
  description?: string;
  config: { cls: string; constructor: string; config_to_dict?: Record<string, unknown> | null };
  error?: { type: string; message: string; raised_during: string } | null;
  inputs?: { weight?: { shape: number[]; dtype: string } } | null;
  model?: { description: string; d: number; named_modules: string[]; named_parameters: string[] };
  result_param_types?: Record<string, string>;
  quantize_call?: string;
}

export function goldenCases(prefix = ''): GoldenManifest[] {
  if (!existsSync(GOLDEN)) return [];
  return readdirSync(GOLDEN)
    .filter((d) => d.startsWith(prefix) && existsSync(join(GOLDEN, d, 'manifest.json')))
    .sort()
    .map((d) => JSON.parse(readFileSync(join(GOLDEN, d, 'manifest.json'), 'utf8')) as GoldenManifest);
}
