// A model folder in the Hugging Face layout: config.json beside model.safetensors (or the
// sharded set with its index). Opening it yields every parameter with FQN, shape, dtype and
// module kind, in the order the weights are stored, plus the model's identity hash.
//
// The identity hashes what defines the model without reading its 100s of GBs: config.json's
// bytes and every tensor's name, dtype, shape and file. Two folders with equal identity have the
// same architecture and layout; a bundle records it so `load` can say which model it came from.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DType } from '../ir/format.js';
import type { SafetensorsDType } from '../../runtime/src/safetensors/index.js';
import { toDType } from './dtypes.js';
import { parameterKinds, type ModuleKind } from './module-tree.js';
import { ModelWeights } from './weights.js';

export interface ModelParameter {
  fqn: string;
  shape: number[];
  /** Our DType, or the safetensors name for dtypes we cannot quantize (U16, F4, ...). */
  dtype: DType | SafetensorsDType;
  storedDtype: SafetensorsDType;
  bytes: number;
  kind: ModuleKind;
}

export interface ModelFolder {
  dir: string;
  /** config.json, parsed; {} when the folder has none. */
  config: Record<string, unknown>;
  parameters: ModelParameter[];
  /** sha256 hex of config.json and the weights' layout. */
  identity: string;
  weights: ModelWeights;
}

export function openModelFolder(dir: string): ModelFolder {
  if (!existsSync(dir)) throw new Error(`${dir}: model folder not found (expected config.json and model.safetensors)`);
  const configPath = join(dir, 'config.json');
  const configText = existsSync(configPath) ? readFileSync(configPath, 'utf8') : '{}';
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(configText) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${configPath}: not valid JSON (${(e as Error).message})`);
  }
  const weights = ModelWeights.open(dir);
  const infos = weights.tensors;
  const kinds = parameterKinds(infos.map((t) => ({ fqn: t.name, shape: t.shape })));
  const parameters = infos.map((t) => ({
    fqn: t.name,
    shape: t.shape,
    dtype: toDType(t.dtype) ?? t.dtype,
    storedDtype: t.dtype,
    bytes: t.bytes,
    kind: kinds.get(t.name)!,
  }));
  const h = createHash('sha256').update(configText).update('\0');
  for (const t of infos) h.update(`${t.name}\t${t.dtype}\t${t.shape.join('x')}\t${t.file}\n`);
  return { dir, config, parameters, identity: h.digest('hex'), weights };
}
