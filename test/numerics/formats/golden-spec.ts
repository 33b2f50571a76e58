// Test helper: the FormatSpec of a golden case's float config (torchao's config_to_dict form),
// for the float formats this folder tests. The config registry (src/ir/configs/) is the
// product's mapping; this small table only lets the oracle be tested on its own.
import type { ActivationFormat, FormatSpec, Granularity, MXElement, MXScalingMode } from '../../../src/ir/format.js';

type Json = Record<string, any>;

function granularity(g: Json): Granularity {
  switch (g._type) {
    case 'PerTensor': return { kind: 'PerTensor' };
    case 'PerRow': return { kind: 'PerRow', dim: g._data?.dim ?? -1 };
    case 'PerGroup': return { kind: 'PerGroup', groupSize: g._data.group_size };
    case 'PerBlock': return { kind: 'PerBlock', blockSize: g._data.block_size };
    default: throw new Error(`golden-spec: granularity ${g._type}`);
  }
}

function float8Element(d: Json | undefined): 'float8_e4m3fn' | 'float8_e5m2' {
  const name = d?._data ?? 'float8_e4m3fn';
  if (name !== 'float8_e4m3fn' && name !== 'float8_e5m2') throw new Error(`golden-spec: float8 dtype ${name}`);
  return name;
}

function mxElement(d: Json | string | undefined): MXElement {
  const name = typeof d === 'string' ? d : (d?._data ?? 'float8_e4m3fn');
  if (name === 'float4_e2m1fn_x2') return 'fp4_e2m1';
  return name as MXElement;
}

export function specFromConfig(config: Json): FormatSpec {
  const d = config._data ?? {};
  switch (config._type) {
    case 'Float8WeightOnlyConfig':
      return {
        weight: { layout: 'float8', element: float8Element(d.weight_dtype), granularity: d.granularity ? granularity(d.granularity) : { kind: 'PerRow', dim: -1 } },
        activation: null,
        linear: { kind: 'dequantize_then_matmul' },
      };
    case 'Float8DynamicActivationFloat8WeightConfig': {
      const pair = Array.isArray(d.granularity) ? d.granularity : [d.granularity ?? { _type: 'PerTensor' }, d.granularity ?? { _type: 'PerTensor' }];
      const [ga, gw] = pair.map(granularity);
      const activation: ActivationFormat = {
        kind: 'float8', element: float8Element(d.activation_dtype), granularity: ga,
        lowerBound: d.activation_value_lb ?? null, upperBound: d.activation_value_ub ?? null,
      };
      const blockwise = gw.kind === 'PerBlock';
      const sparse = d.packing_format?._data && d.packing_format._data !== 'PLAIN';
      return {
        weight: sparse
          ? { layout: 'float8_sparse_2x4', element: float8Element(d.weight_dtype), metadata: d.packing_format._data.includes('1D') ? '1d' : '2d', granularity: gw }
          : { layout: 'float8', element: float8Element(d.weight_dtype), granularity: gw },
        activation,
        linear: sparse ? { kind: 'sparse_scaled_mm' } : blockwise ? { kind: 'blockwise_scaled_mm' } : { kind: 'scaled_mm', useFastAccum: d.mm_config?._data?.use_fast_accum ?? true },
      };
    }
    case 'MXDynamicActivationMXWeightConfig': {
      const element = mxElement(d.weight_dtype);
      const scaling = (d.scaling_mode?._data ?? 'RCEIL') as MXScalingMode;
      const blockSize = d.block_size ?? 32;
      return {
        weight: { layout: 'mx', element, blockSize, scaling },
        activation: { kind: 'mx', element: mxElement(d.activation_dtype), blockSize, scaling },
        linear: { kind: 'dequantize_then_matmul' },
      };
    }
    case 'NVFP4WeightOnlyConfig':
      return {
        weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: d.use_dynamic_per_tensor_scale ?? true },
        activation: null,
        linear: { kind: 'dequantize_then_matmul' },
      };
    case 'NVFP4DynamicActivationNVFP4WeightConfig': {
      const dynamic = (d.use_dynamic_per_tensor_scale ?? true) && !d.step;
      return {
        weight: { layout: 'nvfp4', blockSize: 16, perTensorScale: true },
        activation: { kind: 'nvfp4', dynamicPerTensorScale: dynamic },
        linear: { kind: 'nvfp4_scaled_mm' },
      };
    }
    default:
      throw new Error(`golden-spec: no float spec for ${config._type}`);
  }
}
