// Test helper: one golden case of ../shared/golden as HostTensors, through the runtime's
// safetensors reader (no second reader here). Safetensors dtype names map to our DType names.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SafetensorsReader } from '../../../runtime/src/safetensors/index.js';
import type { DType } from '../../../src/ir/format.js';
import type { HostTensor } from '../../../src/numerics/host-tensor.js';

export const GOLDEN_DIR = process.env.QUANTFORGE_GOLDEN ?? join(process.cwd(), '..', 'shared', 'golden');

const DTYPES: Record<string, DType> = {
  F32: 'float32', BF16: 'bfloat16', F16: 'float16', F64: 'float64',
  F8_E4M3: 'float8_e4m3fn', F8_E5M2: 'float8_e5m2', F8_E8M0: 'float8_e8m0fnu',
  I8: 'int8', U8: 'uint8', I16: 'int16', I32: 'int32', I64: 'int64', BOOL: 'bool',
};

export interface GoldenCase {
  id: string;
  manifest: Record<string, any>;
  has(name: string): boolean;
  tensor(name: string): HostTensor;
}

export function goldenCaseIds(pattern: RegExp): string[] {
  if (!existsSync(GOLDEN_DIR)) return [];
  const index = JSON.parse(readFileSync(join(GOLDEN_DIR, 'INDEX.json'), 'utf8'));
  const gpu = existsSync(join(GOLDEN_DIR, 'INDEX_GPU.json'))
    ? JSON.parse(readFileSync(join(GOLDEN_DIR, 'INDEX_GPU.json'), 'utf8'))
    : { cases: [] };
  const ids = [...listIds(index), ...listIds(gpu)];
  // INDEX_GPU.json also lists cases the GPU machine could not produce (status not_available)
  return ids.filter((id) => pattern.test(id) && existsSync(join(GOLDEN_DIR, id, 'manifest.json'))).sort();
}

function listIds(index: any): string[] {
  const cases = Array.isArray(index) ? index : (index.cases ?? []);
  return cases.map((c: any) => (typeof c === 'string' ? c : c.case_id ?? c.id));
}

export function loadGoldenCase(id: string): GoldenCase {
  const dir = join(GOLDEN_DIR, id);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const reader = SafetensorsReader.open(join(dir, 'tensors.safetensors'));
  const cache = new Map<string, HostTensor>();
  return {
    id,
    manifest,
    has: (name) => reader.has(name),
    tensor(name) {
      let t = cache.get(name);
      if (!t) {
        const raw = reader.readTensorSync(name);
        const dtype = DTYPES[raw.dtype];
        if (!dtype) throw new Error(`${id}: tensor ${name} has unsupported dtype ${raw.dtype}`);
        t = { dtype, shape: raw.shape, data: raw.data };
        cache.set(name, t);
      }
      return t;
    },
  };
}
