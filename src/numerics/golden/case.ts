// One golden case folder (../shared/golden/<case>/): manifest.json plus tensors.safetensors,
// read with the runtime's safetensors reader into HostTensors.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SafetensorsReader } from '../../../runtime/src/safetensors/index.js';
import type { DType } from '../../ir/format.js';
import { toDType } from '../../model/dtypes.js';
import type { HostTensor } from '../host-tensor.js';

export type GoldenStatus = 'ok' | 'partial' | 'stage' | 'skipped_by_torchao' | 'error' | 'not_available';

/** The parts of a torchao-golden/v1 manifest the harness reads (see golden README.md). */
export interface GoldenManifest {
  schema: string;
  case_id: string;
  group: string;
  description: string;
  status: GoldenStatus;
  config?: { cls?: string; constructor?: string; config_to_dict?: TorchaoJson };
  inputs?: Record<string, unknown>;
  quantized_weight?: { subclass: string; tensor_data?: Record<string, string>; attributes?: Record<string, unknown> };
  activation_quantization?: Array<Record<string, unknown>>;
  tensors?: Record<string, { dtype: string; shape: number[]; role?: string }>;
  error?: { type: string; message: string; raised_during?: string };
  entries?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** torchao's config_to_dict form: {"_type", "_version"?, "_data"} nested, or plain JSON. */
export type TorchaoJson = { _type: string; _version?: number; _data: unknown } | Record<string, unknown>;

export interface GoldenCase {
  dir: string;
  manifest: GoldenManifest;
  /** Reads a tensor of tensors.safetensors (cached); throws naming the case when absent. */
  tensor(name: string): HostTensor;
  has(name: string): boolean;
  /** Releases the open tensors file (tensors already read stay usable). */
  close(): void;
}

export function loadGoldenCase(dir: string): GoldenCase {
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as GoldenManifest;
  if (manifest.schema !== 'torchao-golden/v1') {
    throw new Error(`${manifestPath}: schema '${manifest.schema}' is not torchao-golden/v1`);
  }
  const file = join(dir, 'tensors.safetensors');
  const cache = new Map<string, HostTensor>();
  let reader: SafetensorsReader | null = null;
  const open = (): SafetensorsReader => (reader ??= SafetensorsReader.open(file));
  return {
    dir,
    manifest,
    has: (name) => existsSync(file) && open().has(name),
    close: () => reader?.close(),
    tensor(name) {
      const hit = cache.get(name);
      if (hit) return hit;
      if (!existsSync(file)) throw new Error(`${manifest.case_id}: no tensors.safetensors (asked for '${name}')`);
      const raw = open().readTensorSync(name);
      const dtype = toDType(raw.dtype);
      if (!dtype) throw new Error(`${manifest.case_id}: tensor '${name}' has dtype ${raw.dtype}, which the project cannot decode`);
      const t: HostTensor = { dtype: dtype as DType, shape: raw.shape, data: raw.data };
      cache.set(name, t);
      return t;
    },
  };
}
