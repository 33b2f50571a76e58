// The seed's config names that torchao renamed or removed (torchao-semantics.md §0), each
// with the parameters the seed documented, mapped onto today's config. A recipe may use either
// name; the resolved config carries torchao's current name and `writtenAs` the alias.
import type { AliasDef, Params } from './types.js';
import { T, param, E4M3, PER_ROW, perGroup, sym, asym, ours } from './common.js';
import { enumMemberOf } from './names.js';
import { dtype, enumMember } from './values.js';
import { mxDynamicActivationMXWeight } from './mx-dynamic-activation-mx-weight.js';

/** Removed in torchao 920c502f6; the replacement keeps the old default e5m2 activation. */
const float8SemiSparse: AliasDef = {
  name: 'Float8DynamicActivationFloat8SemiSparseWeightConfig',
  params: [param('activation_dtype', T.dtype, dtype('float8_e5m2')), param('weight_dtype', T.dtype, E4M3)],
  canonical: (p: Params) => ({
    config: 'Float8DynamicActivationFloat8WeightConfig',
    args: {
      activation_dtype: p['activation_dtype']!,
      weight_dtype: p['weight_dtype']!,
      granularity: PER_ROW,
      packing_format: enumMember('Float8PackingFormat', 'SPARSE_2D_DATA_2D_METADATA'),
    },
  }),
  note: 'Float8DynamicActivationFloat8WeightConfig(packing_format=SPARSE_2D_DATA_2D_METADATA, granularity=PerRow()) with the old e5m2 activation default',
};

/** Renamed to MXDynamicActivationMXWeightConfig (4a067713b); `gemm_kernel_choice` was the seed's knob. */
const mxfpInference: AliasDef = {
  name: 'MXFPInferenceConfig',
  params: [
    ...mxDynamicActivationMXWeight.params,
    param('gemm_kernel_choice', T.enum('MXGemmKernelChoice'), null, true),
  ],
  canonical(p: Params): ReturnType<AliasDef['canonical']> {
    const { gemm_kernel_choice: choice, ...args } = p;
    if (choice !== null && choice !== undefined) {
      const emulated = enumMemberOf(choice, 'MXGemmKernelChoice') === 'EMULATED';
      args['kernel_preference'] = enumMember('KernelPreference', emulated ? 'EMULATED' : 'AUTO');
    }
    return { config: 'MXDynamicActivationMXWeightConfig', args };
  },
  note: 'MXDynamicActivationMXWeightConfig; gemm_kernel_choice EMULATED → kernel_preference EMULATED, CUTLASS/CUBLAS → AUTO',
};

/** Split into NVFP4DynamicActivationNVFP4WeightConfig / NVFP4WeightOnlyConfig (8d4a921cd). */
const nvfp4Inference: AliasDef = {
  name: 'NVFP4InferenceConfig',
  params: [
    param('mm_config', T.strEnum('NVFP4MMConfig'), enumMember('NVFP4MMConfig', 'DYNAMIC')),
    param('use_triton_kernel', T.bool, true),
    param('use_dynamic_per_tensor_scale', T.bool, true),
  ],
  canonical(p: Params): ReturnType<AliasDef['canonical']> {
    if (enumMemberOf(p['mm_config']!, 'NVFP4MMConfig') === 'WEIGHT_ONLY') {
      return {
        config: 'NVFP4WeightOnlyConfig',
        args: { use_dynamic_per_tensor_scale: p['use_dynamic_per_tensor_scale']! },
      };
    }
    return {
      config: 'NVFP4DynamicActivationNVFP4WeightConfig',
      args: {
        use_triton_kernel: p['use_triton_kernel']!,
        use_dynamic_per_tensor_scale: p['use_dynamic_per_tensor_scale']!,
      },
    };
  },
  note: 'mm_config=NVFP4MMConfig.DYNAMIC → NVFP4DynamicActivationNVFP4WeightConfig, WEIGHT_ONLY → NVFP4WeightOnlyConfig',
};

/**
 * The seed's Int8DynamicActivationInt4WeightConfig (int8 per-token asymmetric activations,
 * int4 per-group symmetric weights), which torchao replaced by Int8DynamicActivationIntxWeightConfig
 * (§3.8). Not the prototype CPU DA8W4 config of the same name.
 */
const int8DynamicActivationInt4: AliasDef = {
  name: 'Int8DynamicActivationInt4WeightConfig',
  params: [
    param('group_size', T.int, 32),
    param('mapping_type', T.enum('MappingType'), sym),
    param('act_mapping_type', T.enum('MappingType'), asym),
    param('set_inductor_config', T.bool, true),
  ],
  canonical(p: Params): ReturnType<AliasDef['canonical']> {
    const g = p['group_size'] as number;
    const args = {
      weight_dtype: dtype('int4'),
      weight_granularity: perGroup(g),
      weight_mapping_type: p['mapping_type']!,
      act_mapping_type: p['act_mapping_type']!,
    };
    if (g <= 0)
      return {
        config: 'Int8DynamicActivationIntxWeightConfig',
        args,
        error: ours(`group_size must be positive, got ${g}`, 'group_size'),
      };
    return { config: 'Int8DynamicActivationIntxWeightConfig', args };
  },
  note: 'Int8DynamicActivationIntxWeightConfig(weight_dtype=torch.int4, weight_granularity=PerGroup(group_size), weight_mapping_type=mapping_type)',
};

export const ALIASES: AliasDef[] = [float8SemiSparse, mxfpInference, nvfp4Inference, int8DynamicActivationInt4];
