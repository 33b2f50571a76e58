// Model descriptions without weights: what bind needs to know of a model (every tensor's FQN,
// shape, dtype and module kind), read from one of
//   - a model folder: config.json + model.safetensors, or the shards listed by
//     model.safetensors.index.json (headers only; no tensor data is read);
//   - a single .safetensors file (header only);
//   - a JSON file in safetensors-header form: {"<tensor>": {"dtype": "BF16", "shape": [4096, 4096]}, ...}
//     (`__metadata__` is ignored; `data_offsets` may be present; torch dtype names such as
//     "bfloat16" are accepted beside the safetensors ones).
//
// Module kinds come from src/model/module-tree.ts (a 2-D `weight` is a linear unless the module
// name says embedding; a 3-D weight under `experts` is an MoE expert stack). One more torch rule
// is applied here: `X.out_proj` of an nn.MultiheadAttention (recognised by `X.in_proj_weight`) is
// a NonDynamicallyQuantizableLinear, which torchao's `_is_linear` (and so `default`) excludes;
// and any 3-D parameter of an `experts` module is `moe_experts` (stacked experts such as
// `mlp.experts.gate_up_proj` carry no `weight` name). config.json is kept on the description but
// not needed for kinds: names and shapes decide them (a tied `lm_head` is still a linear; an
// untied embedding is named like one in every Hugging Face architecture we know).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readSafetensorsHeader, isSafetensorsDType } from '../../runtime/src/safetensors/index.js';
import type { DType } from '../ir/format.js';
import { toDType } from './dtypes.js';
import { moduleKindOf, splitFqn, type ModuleKind } from './module-tree.js';

export interface TensorDescription {
  fqn: string;
  /** Owning module FQN ('' for the root) and the leaf name (`weight`, `bias`, ...). */
  module: string;
  leaf: string;
  shape: number[];
  /** Our DType name (`bfloat16`), or the safetensors name of a dtype we cannot quantize. */
  dtype: DType | string;
  kind: ModuleKind;
  /** Whether torchao's `_is_linear` holds for the owning module (what `default` applies to). */
  isLinear: boolean;
}

export interface ModelDescription {
  /** The path it was read from (or a label). */
  source: string;
  /** config.json when the source is a folder that has one; {} otherwise. */
  config: Record<string, unknown>;
  tensors: TensorDescription[];
}

export class ModelDescriptionError extends Error {
  override name = 'ModelDescriptionError';
}

const TORCH_NAMES: ReadonlySet<string> = new Set([
  'float64',
  'float32',
  'float16',
  'bfloat16',
  'float8_e4m3fn',
  'float8_e5m2',
  'float8_e8m0fnu',
  'int8',
  'uint8',
  'int16',
  'int32',
  'int64',
  'bool',
]);

/** Reads a description from a folder, a .safetensors file or a header-form JSON file. */
export function describeModel(path: string): ModelDescription {
  if (!existsSync(path))
    throw new ModelDescriptionError(
      `${path}: no such file or folder (expected a model folder, a .safetensors file or a header-form .json file)`,
    );
  if (statSync(path).isDirectory()) return describeFolder(path);
  if (path.endsWith('.safetensors')) return fromHeaders(path, [{ file: path, tensors: headerTensors(path) }], {});
  if (path.endsWith('.json')) {
    let json: unknown;
    try {
      json = JSON.parse(readText(path));
    } catch (e) {
      throw new ModelDescriptionError(`${path}: not valid JSON (${(e as Error).message})`);
    }
    return describeHeaderJson(json, path);
  }
  throw new ModelDescriptionError(
    `${path}: expected a model folder, a .safetensors file or a .json file in safetensors-header form`,
  );
}

function describeFolder(dir: string): ModelDescription {
  const configPath = join(dir, 'config.json');
  let config: Record<string, unknown> = {};
  if (existsSync(configPath)) {
    try {
      config = JSON.parse(readText(configPath)) as Record<string, unknown>;
    } catch (e) {
      throw new ModelDescriptionError(`${configPath}: not valid JSON (${(e as Error).message})`);
    }
  }
  const indexPath = join(dir, 'model.safetensors.index.json');
  let files: string[];
  if (existsSync(indexPath)) {
    const index = JSON.parse(readText(indexPath)) as { weight_map?: Record<string, string> };
    if (!index.weight_map || typeof index.weight_map !== 'object')
      throw new ModelDescriptionError(`${indexPath}: missing "weight_map"`);
    files = [...new Set(Object.values(index.weight_map))].map((f) => join(dir, f));
  } else if (existsSync(join(dir, 'model.safetensors'))) {
    files = [join(dir, 'model.safetensors')];
  } else {
    throw new ModelDescriptionError(`${dir}: no model.safetensors or model.safetensors.index.json`);
  }
  return fromHeaders(
    dir,
    files.map((file) => ({ file, tensors: headerTensors(file) })),
    config,
  );
}

interface RawTensor {
  fqn: string;
  shape: number[];
  dtype: string;
}

function headerTensors(file: string): RawTensor[] {
  return readSafetensorsHeader(file).tensors.map((t) => ({
    fqn: t.name,
    shape: t.shape,
    dtype: toDType(t.dtype) ?? t.dtype,
  }));
}

function fromHeaders(
  source: string,
  shards: { file: string; tensors: RawTensor[] }[],
  config: Record<string, unknown>,
): ModelDescription {
  const seen = new Map<string, string>();
  for (const s of shards) {
    for (const t of s.tensors) {
      const other = seen.get(t.fqn);
      if (other)
        throw new ModelDescriptionError(`tensor ${t.fqn} appears in both ${basename(other)} and ${basename(s.file)}`);
      seen.set(t.fqn, s.file);
    }
  }
  return describeTensors(
    shards.flatMap((s) => s.tensors),
    source,
    config,
  );
}

/** Validates header-form JSON (`{"name": {"dtype", "shape"}}`) and describes it. */
export function describeHeaderJson(json: unknown, source: string): ModelDescription {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelDescriptionError(
      `${source}: expected an object {"<tensor name>": {"dtype": "BF16", "shape": [...]}, ...}`,
    );
  }
  const tensors: RawTensor[] = [];
  for (const [fqn, entry] of Object.entries(json as Record<string, unknown>)) {
    if (fqn === '__metadata__') continue;
    const e = entry as { dtype?: unknown; shape?: unknown } | null;
    const where = `${source}: tensor ${JSON.stringify(fqn)}`;
    if (typeof e !== 'object' || e === null || Array.isArray(e))
      throw new ModelDescriptionError(`${where}: expected {"dtype": ..., "shape": [...]}`);
    if (typeof e.dtype !== 'string')
      throw new ModelDescriptionError(`${where}: "dtype" must be a string such as "BF16"`);
    const dtype = isSafetensorsDType(e.dtype)
      ? (toDType(e.dtype) ?? e.dtype)
      : TORCH_NAMES.has(e.dtype)
        ? e.dtype
        : null;
    if (dtype === null)
      throw new ModelDescriptionError(
        `${where}: unknown dtype ${JSON.stringify(e.dtype)} (safetensors names such as BF16, F16, F32, I8)`,
      );
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      throw new ModelDescriptionError(`${where}: "shape" must be a list of non-negative integers`);
    }
    tensors.push({ fqn, shape: e.shape as number[], dtype });
  }
  return describeTensors(tensors, source, {});
}

/**
 * Kinds and `_is_linear` for a list of tensors (any order; order is kept). A module's kind
 * follows from its `weight` (module-tree.ts's `moduleKindOf`); one pass builds module → weight
 * shape, so a million tensors take well under a second.
 */
export function describeTensors(
  raw: readonly RawTensor[],
  source: string,
  config: Record<string, unknown>,
): ModelDescription {
  // Modules whose kind a non-weight tensor (bias, norm parameter) needs: their weight's shape.
  const needed = new Set<string>();
  const mhaParents = new Set<string>();
  for (const t of raw) {
    if (t.fqn.endsWith('.weight') || t.fqn === 'weight') continue;
    const { module, leaf } = splitFqn(t.fqn);
    needed.add(module);
    if (leaf === 'in_proj_weight') mhaParents.add(module);
  }
  const weightShape = new Map<string, readonly number[]>();
  for (const t of raw) {
    if (!(t.fqn.endsWith('.weight') || t.fqn === 'weight')) continue;
    const module = t.fqn.slice(0, Math.max(0, t.fqn.length - 7));
    if (needed.has(module)) weightShape.set(module, t.shape);
  }
  // push, not `new Array(n)`: a large preallocated array starts in V8's slow dictionary mode.
  const tensors: TensorDescription[] = [];
  for (const t of raw) {
    const { module, leaf } = splitFqn(t.fqn);
    let kind = moduleKindOf(module, leaf === 'weight' ? t.shape : (weightShape.get(module) ?? null));
    // Stacked expert parameters (`mlp.experts.gate_up_proj`, [E, N, K]) need no `weight` name.
    if (t.shape.length === 3 && /(^|\.)experts$/.test(module)) kind = 'moe_experts';
    tensors.push({
      fqn: t.fqn,
      module,
      leaf,
      shape: t.shape,
      dtype: t.dtype,
      kind,
      isLinear: kind === 'linear' && !isMhaOutProj(module, mhaParents),
    });
  }
  return { source, config, tensors };
}

/** nn.MultiheadAttention's out_proj: its parent owns `in_proj_weight`. */
function isMhaOutProj(module: string, mhaParents: ReadonlySet<string>): boolean {
  if (mhaParents.size === 0 || !module.endsWith('out_proj')) return false;
  return mhaParents.has(module === 'out_proj' ? '' : module.slice(0, -'.out_proj'.length));
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ModelDescriptionError(`${path}: cannot read (${(e as Error).message})`);
  }
}
