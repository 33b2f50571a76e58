// A torchao subclass read from a safetensors file → the torchao config that produces it, in
// torchao's config_to_dict form, so the registry validates and lowers it like any config.
//
// Invariant: the config reproduces the stored layout (block sizes, dtypes, activation
// quantization, kernel choices). What torchao does not store is filled in and said here:
// the qparams algorithm (TINYGEMM / AFFINE: HQQ weights read as plain affine ones — the stored
// tensors, hence dequantization and the linear, are the same) and, for intx, the mapping
// (SYMMETRIC when every zero point is 0, else ASYMMETRIC).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface StoredSubclass {
  key: string;
  type: string;
  data: { [key: string]: Json };
  /** Inner tensors present, with their safetensors dtype and shape. */
  tensors: Record<string, { dtype: string; shape: number[] }>;
  /** Whether every intx zero point is 0 (read by the caller, which has the bytes). */
  zeroPointsAllZero: boolean;
}

/** Granularity classes torchao's unflatten allow-list holds (§4.2). */
const READABLE_GRANULARITIES = ['PerRow', 'PerTensor'];

const obj = (v: Json): { [key: string]: Json } => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
const dtypeName = (v: Json): string | null => (obj(v)['_type'] === 'torch.dtype' ? (obj(v)['_data'] as string) : null);
const dataclass = (type: string, data: { [key: string]: Json }): Json => ({ _type: type, _version: 1, _data: data });
const enumOf = (type: string, member: string): Json => ({ _type: type, _data: member });

/** A stored dataclass (no `_version`) in config_to_dict form. */
function versioned(v: Json): Json {
  const o = obj(v);
  return typeof o['_type'] === 'string' && typeof o['_data'] === 'object' && o['_data'] !== null
    ? dataclass(o['_type'], o['_data'] as { [key: string]: Json })
    : v;
}

export class UnsupportedSubclassError extends Error {}

/** The subclasses quantforge reads: torchao's allow-list (§4.2) less Int4PlainInt32Tensor (XPU/NPU). */
export const READABLE_SUBCLASSES = [
  'Int8Tensor',
  'Float8Tensor',
  'Int4Tensor',
  'Int4TilePackedTo4dTensor',
  'IntxUnpackedToInt8Tensor',
  'MXTensor',
  'NVFP4Tensor',
];

/** Throws naming the key unless quantforge reads the subclass. */
export function checkReadable(key: string, type: string): void {
  if (!READABLE_SUBCLASSES.includes(type))
    throw new UnsupportedSubclassError(
      `${key}: ${type} is not a subclass quantforge reads (${READABLE_SUBCLASSES.join(', ')})`,
    );
}

function fail(s: StoredSubclass, why: string): never {
  throw new UnsupportedSubclassError(`${s.key}: ${s.type} ${why}`);
}

/** The weight granularity a block_size stands for, over the outer shape. */
function weightGranularity(s: StoredSubclass, shape: number[], rows: 'PerRow' | 'PerAxis'): Json {
  const block = s.data['block_size'];
  if (!Array.isArray(block) || block.length !== shape.length || shape.length < 2)
    fail(s, `has block_size ${JSON.stringify(block)} for shape [${shape.join(', ')}]`);
  const b = block as number[];
  const rowsGranularity = rows === 'PerRow' ? dataclass('PerRow', { dim: -1 }) : dataclass('PerAxis', { axis: 0 });
  if (rows === 'PerRow' && b.every((x, i) => x === shape[i])) return dataclass('PerTensor', {});
  if (shape.length === 2 && b[0] === 1)
    return b[1] === shape[1] ? rowsGranularity : dataclass('PerGroup', { group_size: b[1]! });
  if (shape.length === 2) return dataclass('PerBlock', { block_size: b });
  // Convolutions: PerAxis(0) gives one scale per (c_out, kh, kw) (§6.15).
  if (rows === 'PerAxis' && b[0] === 1 && b[1] === shape[1] && b.slice(2).every((x) => x === 1)) return rowsGranularity;
  return fail(
    s,
    `has block_size [${b.join(', ')}] that no config quantforge knows gives for shape [${shape.join(', ')}]`,
  );
}

function actGranularity(s: StoredSubclass, g: Json): Json {
  const type = obj(g)['_type'];
  if (typeof type !== 'string' || !READABLE_GRANULARITIES.includes(type))
    fail(
      s,
      `activation granularity ${String(type)} is not on torchao's allow-list (torchao cannot load it either: "Failed to find class ${String(type)}")`,
    );
  return versioned(g);
}

export function configDictFor(s: StoredSubclass, outerShape: number[]): Json {
  const d = s.data;
  const act = obj(d['act_quant_kwargs'])['_data'] as { [key: string]: Json } | undefined;
  switch (s.type) {
    case 'Int8Tensor': {
      const granularity = weightGranularity(s, outerShape, 'PerRow');
      if (!act) return { _type: 'Int8WeightOnlyConfig', _version: 2, _data: { granularity } };
      const actG = actGranularity(s, act['granularity']!);
      const same = JSON.stringify(actG) === JSON.stringify(granularity);
      return {
        _type: 'Int8DynamicActivationInt8WeightConfig',
        _version: 2,
        _data: {
          granularity: same ? granularity : [actG, granularity],
          act_mapping_type: act['mapping_type']!,
          reduce_range: act['reduce_range']!,
        },
      };
    }
    case 'Float8Tensor': {
      const weightDtype = enumOrDtype(s.tensors['qdata']!.dtype);
      const granularity = weightGranularity(s, outerShape, 'PerRow');
      if (!act)
        return { _type: 'Float8WeightOnlyConfig', _version: 2, _data: { weight_dtype: weightDtype, granularity } };
      return {
        _type: 'Float8DynamicActivationFloat8WeightConfig',
        _version: 2,
        _data: {
          activation_dtype: act['float8_dtype']!,
          weight_dtype: weightDtype,
          granularity: [actGranularity(s, act['granularity']!), granularity],
          mm_config: versioned(d['mm_config'] ?? null),
          activation_value_lb: act['hp_value_lb'] ?? null,
          activation_value_ub: act['hp_value_ub'] ?? null,
          kernel_preference: d['kernel_preference']!,
        },
      };
    }
    case 'Int4Tensor': {
      const groupSize = (d['block_size'] as number[])[1]!;
      if (dtypeName(d['activation_dtype']!) === 'float8_e4m3fn')
        return {
          _type: 'Float8DynamicActivationInt4WeightConfig',
          _version: 1,
          _data: { int4_packing_format: 'plain' },
        };
      return {
        _type: 'Int4WeightOnlyConfig',
        _version: 2,
        _data: { group_size: groupSize, int4_packing_format: enumOf('Int4PackingFormat', 'PLAIN') },
      };
    }
    case 'Int4TilePackedTo4dTensor':
      return {
        _type: 'Int4WeightOnlyConfig',
        _version: 2,
        _data: { group_size: (d['block_size'] as number[])[1]!, int4_packing_format: 'tile_packed_to_4d' },
      };
    case 'IntxUnpackedToInt8Tensor': {
      const mapping = enumOf('MappingType', s.zeroPointsAllZero ? 'SYMMETRIC' : 'ASYMMETRIC');
      const weightDtype = dtypeName(d['dtype']!);
      const scale = s.tensors['scale']!.dtype;
      const scaleDtype = SAFETENSORS_FLOAT[scale] === weightDtype ? null : enumOrDtype(scale);
      const granularity = weightGranularity(s, outerShape, 'PerAxis');
      if (d['activation_quantization'] === 'int8_asym_per_token')
        return {
          _type: 'Int8DynamicActivationIntxWeightConfig',
          _version: 2,
          _data: {
            weight_dtype: d['target_dtype']!,
            weight_granularity: granularity,
            weight_mapping_type: mapping,
            weight_scale_dtype: scaleDtype,
          },
        };
      return {
        _type: 'IntxWeightOnlyConfig',
        _version: 2,
        _data: { weight_dtype: d['target_dtype']!, granularity, mapping_type: mapping, scale_dtype: scaleDtype },
      };
    }
    case 'MXTensor':
      if (!act) fail(s, 'without act_quant_kwargs has no torchao config quantforge knows');
      return {
        _type: 'MXDynamicActivationMXWeightConfig',
        _version: 1,
        _data: {
          block_size: d['block_size']!,
          activation_dtype: act['elem_dtype']!,
          weight_dtype: d['elem_dtype']!,
          kernel_preference: d['kernel_preference']!,
          scaling_mode: act['scaling_mode']!,
        },
      };
    case 'NVFP4Tensor': {
      const perTensor = 'per_tensor_scale' in s.tensors;
      if (!act)
        return { _type: 'NVFP4WeightOnlyConfig', _version: 1, _data: { use_dynamic_per_tensor_scale: perTensor } };
      const dynamic = act['use_dynamic_per_tensor_scale'] === true;
      // A static activation scale with a weight scale is what step="convert" leaves (§3.12).
      const step = !dynamic && perTensor ? enumOf('QuantizationStep', 'CONVERT') : null;
      return {
        _type: 'NVFP4DynamicActivationNVFP4WeightConfig',
        _version: 1,
        _data: { use_triton_kernel: d['use_triton_kernel']!, use_dynamic_per_tensor_scale: dynamic, step },
      };
    }
    default:
      checkReadable(s.key, s.type);
      return fail(s, 'has no config mapping');
  }
}

const SAFETENSORS_FLOAT: Record<string, string> = {
  F32: 'float32',
  BF16: 'bfloat16',
  F16: 'float16',
  F8_E4M3: 'float8_e4m3fn',
  F8_E5M2: 'float8_e5m2',
};

function enumOrDtype(safetensorsDtype: string): Json {
  return { _type: 'torch.dtype', _data: SAFETENSORS_FLOAT[safetensorsDtype] ?? safetensorsDtype };
}
