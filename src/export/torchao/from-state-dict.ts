// A safetensors file torchao wrote (flatten_tensor_state_dict, §4.2) → our parameters: each
// subclass as (ResolvedConfig, FormatSpec, QuantizedWeight) in the oracle's own form, each
// plain tensor as it is. The inverse of toTorchaoStateDict: exporting the result again gives
// the same file.
//
// Invariant: every state-dict key of `tensor_names` is accounted for with all its inner
// tensors, and every tensor of the file belongs to one key; anything else is an error naming
// the file and the key. Subclasses and granularities torchao itself cannot load back are
// refused with the key (e.g. Float8Tensor whose activation granularity is PerBlock).
import { SafetensorsReader, type SafetensorsDType } from '../../../runtime/src/safetensors/index.js';
import { configFromTorchaoDict, lowerToFormat, type ResolvedConfig } from '../../ir/configs/index.js';
import type { DType, FloatDType, FormatSpec } from '../../ir/format.js';
import { toDType } from '../../model/dtypes.js';
import type { HostTensor, QuantizedWeight } from '../../numerics/host-tensor.js';
import { configExtras, type ConfigExtras } from './config-extras.js';
import { flattenedKey } from './state-dict.js';
import { checkReadable, configDictFor, type Json, type StoredSubclass } from './subclass-config.js';

export type ImportedParameter =
  | {
      kind: 'quantized';
      fqn: string;
      dtype: FloatDType;
      shape: number[];
      config: ResolvedConfig;
      format: FormatSpec;
      weight: QuantizedWeight;
      extras: ConfigExtras;
    }
  | { kind: 'plain'; fqn: string; dtype: SafetensorsDType; shape: number[]; data: Uint8Array };

export function fromTorchaoStateDict(path: string): ImportedParameter[] {
  const reader = SafetensorsReader.open(path);
  try {
    const meta = reader.metadata ?? {};
    const names = parseJson(path, 'tensor_names', meta['tensor_names']);
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string'))
      throw new Error(
        `${path}: metadata has no "tensor_names" list: not written by torchao's flatten_tensor_state_dict`,
      );
    const claimed = new Set<string>();
    const out = (names as string[]).map((fqn) => readParameter(reader, path, fqn, meta, claimed));
    const leftover = reader.names.filter((n) => !claimed.has(n));
    if (leftover.length > 0)
      throw new Error(`${path}: tensor(s) ${leftover.join(', ')} belong to no key of tensor_names`);
    return out;
  } finally {
    reader.close();
  }
}

function parseJson(path: string, key: string, text: string | undefined): Json {
  if (text === undefined) throw new Error(`${path}: no metadata for '${key}'`);
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new Error(`${path}: metadata of '${key}' is not JSON (${(e as Error).message})`);
  }
}

function readParameter(
  reader: SafetensorsReader,
  path: string,
  fqn: string,
  meta: Record<string, string>,
  claimed: Set<string>,
): ImportedParameter {
  const m = parseJson(path, fqn, meta[fqn]) as { _type?: Json; _data?: Json; _tensor_data_names?: Json };
  if (m._type === 'Tensor') {
    const t = reader.readTensorSync(fqn);
    claimed.add(fqn);
    return { kind: 'plain', fqn, dtype: t.dtype, shape: t.shape, data: t.data };
  }
  const type = String(m._type);
  checkReadable(`${path}: '${fqn}'`, type);
  const innerNames = m._tensor_data_names;
  if (!Array.isArray(innerNames) || typeof m._data !== 'object' || m._data === null || Array.isArray(m._data))
    throw new Error(`${path}: '${fqn}' (${type}) has no "_data" object or "_tensor_data_names" list`);
  const tensors: Record<string, HostTensor> = {};
  for (const inner of innerNames as string[]) {
    const key = flattenedKey(fqn, inner);
    if (!reader.has(key))
      throw new Error(`${path}: '${fqn}' (${type}) lists inner tensor '${inner}' but the file has no '${key}'`);
    const raw = reader.readTensorSync(key);
    const dtype = toDType(raw.dtype);
    if (!dtype) throw new Error(`${path}: '${key}' has dtype ${raw.dtype}, which quantforge cannot hold`);
    tensors[inner] = { dtype: dtype as DType, shape: raw.shape, data: raw.data };
    claimed.add(key);
  }
  const stored: StoredSubclass = {
    key: `${path}: '${fqn}'`,
    type,
    data: m._data as { [key: string]: Json },
    tensors: Object.fromEntries(
      Object.entries(tensors).map(([k, t]) => [k, { dtype: toSafetensors(t), shape: t.shape }]),
    ),
    zeroPointsAllZero: tensors['zero_point']?.data.every((b) => b === 0) ?? true,
  };
  const { dtype, shape } = outerOf(stored, tensors);
  const resolved = configFromTorchaoDict(configDictFor(stored, shape));
  if (!resolved.ok)
    throw new Error(
      `${stored.key}: ${type} maps to a config the registry refuses: ${resolved.diagnostics.map((d) => d.message).join('; ')}`,
    );
  const format = lowerToFormat(resolved.config);
  const weight = { tensors, attributes: oracleAttributes(stored, format, dtype, shape) };
  return {
    kind: 'quantized',
    fqn,
    dtype,
    shape,
    config: resolved.config,
    format,
    weight,
    extras: configExtras(format, resolved.config),
  };
}

const SAFETENSORS_NAMES: Record<string, string> = {
  float32: 'F32',
  bfloat16: 'BF16',
  float16: 'F16',
  float8_e4m3fn: 'F8_E4M3',
  float8_e5m2: 'F8_E5M2',
  float8_e8m0fnu: 'F8_E8M0',
  int8: 'I8',
  uint8: 'U8',
  int32: 'I32',
};
const toSafetensors = (t: HostTensor): string => SAFETENSORS_NAMES[t.dtype] ?? t.dtype;

const dtypeOf = (v: Json | undefined): string | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v['_type'] === 'torch.dtype'
    ? (v['_data'] as string)
    : null;

/** The original weight's dtype and shape, which torchao keeps per subclass differently (§4.1). */
function outerOf(s: StoredSubclass, tensors: Record<string, HostTensor>): { dtype: FloatDType; shape: number[] } {
  const d = s.data;
  const qdata = tensors['qdata'];
  if (!qdata) throw new Error(`${s.key}: ${s.type} without qdata`);
  const packedCols = (factor: number): number[] => [...qdata.shape.slice(0, -1), qdata.shape.at(-1)! * factor];
  let dtype: string | null;
  let shape: number[];
  switch (s.type) {
    case 'Int4Tensor':
      [dtype, shape] = [tensors['scale']?.dtype ?? null, d['shape'] as number[]];
      break;
    case 'Int4TilePackedTo4dTensor':
      [dtype, shape] = ['bfloat16', d['shape'] as number[]];
      break;
    case 'MXTensor':
      [dtype, shape] = [dtypeOf(d['orig_dtype']), packedCols(dtypeOf(d['elem_dtype']) === 'float4_e2m1fn_x2' ? 2 : 1)];
      break;
    case 'NVFP4Tensor':
      [dtype, shape] = [dtypeOf(d['orig_dtype']), packedCols(2)];
      break;
    default:
      [dtype, shape] = [dtypeOf(d['dtype']), [...qdata.shape]];
  }
  if (dtype !== 'float32' && dtype !== 'bfloat16' && dtype !== 'float16')
    throw new Error(`${s.key}: ${s.type} has original dtype ${String(dtype)}; expected float32, bfloat16 or float16`);
  if (!Array.isArray(shape) || !shape.every((x) => Number.isInteger(x)))
    throw new Error(`${s.key}: ${s.type} has no integer shape`);
  return { dtype, shape: [...shape] };
}

/** The attributes the oracle records for the layout (what its dequantize and linear read). */
function oracleAttributes(
  s: StoredSubclass,
  format: FormatSpec,
  dtype: FloatDType,
  shape: number[],
): Record<string, unknown> {
  const d = s.data;
  const f = format.weight;
  switch (f.layout) {
    case 'int8':
      return { block_size: d['block_size'], dtype, reduce_range: f.reduceRange };
    case 'float8':
      return { block_size: d['block_size'], dtype };
    case 'int4_plain':
      return {
        block_size: d['block_size'],
        shape,
        activation_dtype: f.mapping === 'symmetric' ? 'float8_e4m3fn' : 'bfloat16',
      };
    case 'int4_tile_packed_to_4d':
      return { block_size: d['block_size'], shape };
    case 'intx_unpacked_to_int8':
      return { target_dtype: f.element, block_size: d['block_size'], dtype, activation_quantization: null };
    case 'mx':
      return {
        elem_dtype: f.element,
        block_size: f.blockSize,
        orig_dtype: dtype,
        is_swizzled_scales: d['is_swizzled_scales'] === true,
        shape,
      };
    case 'nvfp4':
      return {
        block_size: f.blockSize,
        orig_dtype: dtype,
        is_swizzled_scales: d['is_swizzled_scales'] === true,
        shape,
      };
    default:
      throw new Error(`${s.key}: ${s.type} lowered to ${f.layout}, which torchao's safetensors format does not hold`);
  }
}
