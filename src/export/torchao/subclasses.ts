// torchao's tensor subclass for one quantized weight: class name, the attributes
// `__tensor_flatten__` returns, and the order torchao lists its inner tensors in
// (torchao-semantics.md §4.1, §4.2; golden `torchao_state_dict` sections).
//
// Invariant: attributes and tensor names come out in torchao's order — optional tensor
// attributes / optional tensors first, then the required ones (TorchAOBaseTensor's
// flatten walks `optional_*` before the required lists for these subclasses) — so that the
// metadata JSON is torchao's byte for byte. Everything is derived from the FormatSpec, the
// weight's dtype/shape and the few config fields a FormatSpec does not keep (kernel
// preference, Float8MMConfig, use_triton_kernel).
import type { FloatDType, FormatSpec, Granularity, MXElement } from '../../ir/format.js';
import type { QuantizedWeight } from '../../numerics/host-tensor.js';
import { pyFloat, type PyJson } from './python-json.js';
import type { ConfigExtras } from './config-extras.js';

export interface SubclassMetadata {
  type: string;
  /** Attributes in torchao's order. */
  data: { [key: string]: PyJson };
  /** Present inner tensors, in torchao's order. */
  tensorNames: string[];
}

export interface WeightToExport {
  fqn: string;
  /** The original (high-precision) weight's dtype and shape. */
  dtype: FloatDType;
  shape: number[];
  format: FormatSpec;
  weight: QuantizedWeight;
  extras: ConfigExtras;
}

export const torchDtype = (name: string): PyJson => ({ _type: 'torch.dtype', _data: name });
const enumJson = (type: string, member: string): PyJson => ({ _type: type, _data: member });

export function granularityJson(g: Granularity): PyJson {
  switch (g.kind) {
    case 'PerTensor':
    case 'PerToken':
      return { _type: g.kind, _data: {} };
    case 'PerRow':
      return { _type: 'PerRow', _data: { dim: g.dim } };
    case 'PerAxis':
      return { _type: 'PerAxis', _data: { axis: g.axis } };
    case 'PerGroup':
      return { _type: 'PerGroup', _data: { group_size: g.groupSize } };
    case 'PerBlock':
      return { _type: 'PerBlock', _data: { block_size: [...g.blockSize] } };
  }
}

/** torchao's elem_dtype of MX: torch dtypes for fp8/fp4, the strings torchao uses for fp6. */
export function mxElementJson(e: MXElement): PyJson {
  if (e === 'fp4_e2m1') return torchDtype('float4_e2m1fn_x2');
  if (e === 'fp6_e2m3' || e === 'fp6_e3m2') return e;
  return torchDtype(e);
}

/** Present inner tensors of `names` (torchao's order), each required one checked. */
function present(w: WeightToExport, optional: string[], required: string[]): string[] {
  for (const r of required)
    if (!w.weight.tensors[r]) throw new Error(`'${w.fqn}': quantized weight has no inner tensor '${r}'`);
  const known = new Set([...optional, ...required]);
  const extra = Object.keys(w.weight.tensors).filter((n) => !known.has(n));
  if (extra.length > 0)
    throw new Error(
      `'${w.fqn}': inner tensor(s) ${extra.join(', ')} have no place in torchao's ${w.format.weight.layout} subclass`,
    );
  return [...optional.filter((n) => w.weight.tensors[n]), ...required];
}

function blockSize(w: WeightToExport): number[] {
  const b = w.weight.attributes['block_size'];
  if (!Array.isArray(b) || !b.every((x) => Number.isInteger(x)))
    throw new Error(`'${w.fqn}': quantized weight has no integer list attribute block_size`);
  return b as number[];
}

const floatOrNull = (v: number | null): PyJson => (v === null ? null : pyFloat(v));

export function subclassMetadata(w: WeightToExport): SubclassMetadata {
  const f = w.format.weight;
  const act = w.format.activation;
  switch (f.layout) {
    case 'int8': {
      const kwargs =
        act?.kind === 'int8'
          ? {
              _type: 'QuantizeTensorToInt8Kwargs',
              _data: {
                granularity: granularityJson(act.granularity),
                mapping_type: enumJson('MappingType', act.mapping),
                reduce_range: act.reduceRange,
              },
            }
          : null;
      return {
        type: 'Int8Tensor',
        data: {
          act_quant_kwargs: kwargs,
          reduce_range: f.reduceRange,
          block_size: blockSize(w),
          dtype: torchDtype(w.dtype),
        },
        tensorNames: present(
          w,
          ['zero_point', 'act_quant_scale', 'act_quant_zero_point', 'act_pre_scale'],
          ['qdata', 'scale'],
        ),
      };
    }
    case 'float8': {
      const kp = enumJson('KernelPreference', w.extras.kernelPreference);
      const kwargs =
        act?.kind === 'float8'
          ? {
              _type: 'QuantizeTensorToFloat8Kwargs',
              _data: {
                float8_dtype: torchDtype(act.element),
                granularity: granularityJson(act.granularity),
                mm_config: null,
                hp_value_lb: floatOrNull(act.lowerBound),
                hp_value_ub: floatOrNull(act.upperBound),
                kernel_preference: kp,
              },
            }
          : null;
      const mm = act && w.extras.mmConfig ? { _type: 'Float8MMConfig', _data: { ...w.extras.mmConfig } } : null;
      return {
        type: 'Float8Tensor',
        data: {
          block_size: blockSize(w),
          mm_config: mm,
          act_quant_kwargs: kwargs,
          kernel_preference: kp,
          dtype: torchDtype(w.dtype),
        },
        tensorNames: present(w, [], ['qdata', 'scale']),
      };
    }
    case 'int4_plain':
      return {
        type: 'Int4Tensor',
        data: {
          activation_dtype: torchDtype(f.mapping === 'symmetric' ? 'float8_e4m3fn' : 'bfloat16'),
          block_size: [1, f.groupSize],
          shape: [...w.shape],
        },
        tensorNames: present(w, ['act_pre_scale'], ['qdata', 'scale', 'zero_point']),
      };
    case 'int4_tile_packed_to_4d':
      return {
        type: 'Int4TilePackedTo4dTensor',
        data: { block_size: [1, f.groupSize], shape: [...w.shape] },
        tensorNames: present(w, ['act_pre_scale'], ['qdata', 'scale_and_zero']),
      };
    case 'intx_unpacked_to_int8':
      return {
        type: 'IntxUnpackedToInt8Tensor',
        data: {
          target_dtype: torchDtype(f.element),
          block_size: blockSize(w),
          dtype: torchDtype(w.dtype),
          activation_quantization: act?.kind === 'int8_asym_per_token_fake_quant' ? 'int8_asym_per_token' : null,
        },
        tensorNames: present(w, [], ['qdata', 'scale', 'zero_point']),
      };
    case 'mx': {
      const kp = enumJson('KernelPreference', w.extras.kernelPreference);
      const kwargs =
        act?.kind === 'mx'
          ? {
              _type: 'QuantizeTensorToMXKwargs',
              _data: {
                elem_dtype: mxElementJson(act.element),
                block_size: act.blockSize,
                scaling_mode: enumJson('ScaleCalculationMode', act.scaling),
                kernel_preference: kp,
                is_swizzled_scales: true,
              },
            }
          : null;
      return {
        type: 'MXTensor',
        data: {
          elem_dtype: mxElementJson(f.element),
          block_size: f.blockSize,
          orig_dtype: torchDtype(w.dtype),
          kernel_preference: kp,
          act_quant_kwargs: kwargs,
          is_swizzled_scales: true,
        },
        tensorNames: present(w, [], ['qdata', 'scale']),
      };
    }
    case 'nvfp4': {
      const triton = w.extras.useTritonKernel;
      const kwargs =
        act?.kind === 'nvfp4'
          ? {
              _type: 'QuantizeTensorToNVFP4Kwargs',
              _data: {
                block_size: f.blockSize,
                is_swizzled_scales: true,
                use_triton_kernel: triton,
                use_dynamic_per_tensor_scale: act.dynamicPerTensorScale,
              },
            }
          : null;
      return {
        type: 'NVFP4Tensor',
        data: {
          is_swizzled_scales: true,
          use_triton_kernel: triton,
          act_quant_kwargs: kwargs,
          block_size: f.blockSize,
          orig_dtype: torchDtype(w.dtype),
        },
        tensorNames: present(w, ['per_tensor_scale', 'act_per_tensor_scale'], ['qdata', 'scale']),
      };
    }
    default:
      throw new Error(
        `'${w.fqn}': torchao's safetensors format cannot hold the ${f.layout} layout (its subclass is not on torchao's allow-list, §4.2)`,
      );
  }
}
